/**
 * A usage estimate for when the provider reported none (a stream cut short, a provider that omits
 * stream usage). Roughly four characters per token, the rule of thumb for English text with BPE
 * tokenizers; the request log marks such usage as estimated.
 */
import type { Usage } from '@conduit/plugin-api';

export function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.max(1, Math.ceil(text.length / 4));
}

export function estimateUsage(promptText: string, completionText: string): Usage {
  const prompt = estimateTokens(promptText);
  const completion = estimateTokens(completionText);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}
