/**
 * Gemini's usageMetadata -> OpenAI usage. `promptTokenCount` already includes cached tokens (OpenAI's
 * convention too); thinking tokens are billed as output, so they count as completion tokens and are
 * reported again as reasoning tokens. Tokens of server-side tool results are billed as input.
 */
import type { Usage } from '@conduit/plugin-api';
import type { GeminiUsageMetadata } from './gemini-api.ts';

export function mapUsage(metadata: GeminiUsageMetadata | undefined): Usage | undefined {
  if (!metadata) return undefined;
  const prompt = (metadata.promptTokenCount ?? 0) + (metadata.toolUsePromptTokenCount ?? 0);
  const completion = (metadata.candidatesTokenCount ?? 0) + (metadata.thoughtsTokenCount ?? 0);
  const usage: Usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  if (metadata.cachedContentTokenCount !== undefined) {
    usage.prompt_tokens_details = { cached_tokens: metadata.cachedContentTokenCount };
  }
  if (metadata.thoughtsTokenCount !== undefined) {
    usage.completion_tokens_details = { reasoning_tokens: metadata.thoughtsTokenCount };
  }
  return usage;
}
