/**
 * The gateway's usage (OpenAI's: `prompt_tokens` includes cached tokens) -> Anthropic's, where
 * `input_tokens` counts only the tokens neither read from nor written to a prompt cache.
 */
import type { Usage } from '@conduit/plugin-api';
import type { AnthropicUsage } from './anthropic-message.ts';

export function toAnthropicUsage(usage: Usage): AnthropicUsage {
  const details = usage.prompt_tokens_details;
  const cacheRead = details?.cached_tokens;
  const cacheWrite = details?.cache_write_tokens;
  return {
    input_tokens: Math.max(0, usage.prompt_tokens - (cacheRead ?? 0) - (cacheWrite ?? 0)),
    output_tokens: usage.completion_tokens,
    cache_creation_input_tokens: cacheWrite ?? null,
    cache_read_input_tokens: cacheRead ?? null,
  };
}
