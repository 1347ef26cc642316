/**
 * Usage counted by the gateway when the provider reported none (a stream cut short, a provider that
 * omits stream usage): the prompt's and the delivered text's tokens, counted with the tokenizer. The
 * request log marks such usage as estimated.
 */
import type { Usage } from '@conduit/plugin-api';
import { countTokens } from './count-tokens.ts';
import type { Prompt } from './prompt.ts';

export function estimateUsage(promptText: Prompt, completionText: string, model?: string): Usage {
  const prompt = promptText.tokens(model);
  const completion = countTokens(completionText, model);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}
