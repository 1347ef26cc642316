/**
 * Bedrock's token usage as OpenAI's. Bedrock's `inputTokens` excludes cache reads and writes, which
 * it reports apart; OpenAI's `prompt_tokens` includes them.
 */
import type { Usage } from '@conduit/plugin-api';
import type { ConverseUsage } from './converse-types.ts';

export function mapUsage(usage: ConverseUsage): Usage {
  const cacheRead = usage.cacheReadInputTokens ?? 0;
  const cacheWrite = usage.cacheWriteInputTokens ?? 0;
  const promptTokens = usage.inputTokens + cacheRead + cacheWrite;
  const out: Usage = {
    prompt_tokens: promptTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: promptTokens + usage.outputTokens,
  };
  if (usage.cacheReadInputTokens !== undefined || usage.cacheWriteInputTokens !== undefined) {
    out.prompt_tokens_details = { cached_tokens: cacheRead, cache_write_tokens: cacheWrite };
  }
  return out;
}
