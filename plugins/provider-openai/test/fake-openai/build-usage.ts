/** OpenAI's `usage` object from the kit's neutral ScriptedUsage. */
import type { Usage } from '@conduit/plugin-api';
import type { ScriptedUsage } from '@conduit/plugin-api/conformance';

export function buildUsage(usage: ScriptedUsage): Usage {
  // OpenAI counts cached (and freshly cached) tokens inside prompt_tokens and reports cache reads only.
  const prompt = usage.input + (usage.cachedInput ?? 0) + (usage.cacheWrite ?? 0);
  return {
    prompt_tokens: prompt,
    completion_tokens: usage.output,
    total_tokens: prompt + usage.output,
    prompt_tokens_details: { cached_tokens: usage.cachedInput ?? 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}
