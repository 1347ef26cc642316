/**
 * OpenAI `finish_reason` -> Anthropic `stop_reason`. A stop sequence reads as `end_turn`: the
 * canonical answer does not say which way the model stopped.
 */
import type { FinishReason } from '@conduit/plugin-api';
import type { AnthropicStopReason } from './anthropic-message.ts';

export function toStopReason(finishReason: FinishReason | null | undefined): AnthropicStopReason {
  switch (finishReason) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
    case 'function_call':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    default:
      return 'end_turn';
  }
}
