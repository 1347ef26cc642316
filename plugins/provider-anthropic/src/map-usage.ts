/**
 * Anthropic usage -> OpenAI usage. Anthropic reports cache reads and writes apart from
 * `input_tokens`; OpenAI's `prompt_tokens` includes them, so they are added in and detailed in
 * `prompt_tokens_details` (`cache_write_tokens` is Conduit's extension, and of them
 * `cache_write_1h_tokens` the writes kept for an hour, priced apart).
 */
import type { Usage } from '@conduit/plugin-api';
import type { AnthropicUsage } from './anthropic-api.ts';

export function mapUsage(usage: AnthropicUsage): Usage {
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const cacheWrite = usage.cache_creation_input_tokens ?? 0;
  const promptTokens = (usage.input_tokens ?? 0) + cacheRead + cacheWrite;
  const completionTokens = usage.output_tokens ?? 0;
  const mapped: Usage = {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: cacheRead, cache_write_tokens: cacheWrite },
  };
  const hourWrites = usage.cache_creation?.ephemeral_1h_input_tokens;
  if (typeof hourWrites === 'number' && hourWrites > 0) mapped.prompt_tokens_details!.cache_write_1h_tokens = Math.min(hourWrites, cacheWrite);
  const thinking = usage.output_tokens_details?.thinking_tokens;
  if (typeof thinking === 'number') mapped.completion_tokens_details = { reasoning_tokens: thinking };
  return mapped;
}

/** Stream usage arrives in `message_start` and again, cumulative, in `message_delta`; later non-null counts win. */
export function mergeUsage(base: AnthropicUsage, update: AnthropicUsage): AnthropicUsage {
  const merged: AnthropicUsage = { ...base };
  for (const key of ['input_tokens', 'output_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens'] as const) {
    const value = update[key];
    if (typeof value === 'number') merged[key] = value;
  }
  if (update.output_tokens_details) merged.output_tokens_details = update.output_tokens_details;
  if (update.cache_creation) merged.cache_creation = update.cache_creation;
  return merged;
}
