/**
 * The gateway's usage (OpenAI's: `prompt_tokens` includes cached tokens) -> Anthropic's, where
 * `input_tokens` counts only the tokens neither read from nor written to a prompt cache, and
 * reasoning tokens are `output_tokens_details.thinking_tokens` (part of `output_tokens`); cache writes
 * kept for an hour (`cache_write_1h_tokens`) are told apart in `cache_creation`.
 */
import type { Usage } from '@conduit/plugin-api';
import type { AnthropicUsage } from './anthropic-message.ts';

export function toAnthropicUsage(usage: Usage): AnthropicUsage {
  const details = usage.prompt_tokens_details;
  const cacheRead = details?.cached_tokens;
  const cacheWrite = details?.cache_write_tokens;
  const anthropic: AnthropicUsage = {
    input_tokens: Math.max(0, usage.prompt_tokens - (cacheRead ?? 0) - (cacheWrite ?? 0)),
    output_tokens: usage.completion_tokens,
    cache_creation_input_tokens: cacheWrite ?? null,
    cache_read_input_tokens: cacheRead ?? null,
  };
  const hourWrites = details?.cache_write_1h_tokens;
  if (cacheWrite !== undefined && hourWrites !== undefined && hourWrites > 0) {
    const kept = Math.min(hourWrites, cacheWrite);
    anthropic.cache_creation = { ephemeral_5m_input_tokens: cacheWrite - kept, ephemeral_1h_input_tokens: kept };
  }
  const reasoning = usage.completion_tokens_details?.reasoning_tokens;
  // OpenAI reports 0 for every answer of a model that cannot reason: only a real count is shown.
  if (reasoning !== undefined && reasoning > 0) anthropic.output_tokens_details = { thinking_tokens: reasoning };
  return anthropic;
}
