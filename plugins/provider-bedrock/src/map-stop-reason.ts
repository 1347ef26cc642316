/** Bedrock's `stopReason` as OpenAI's `finish_reason`. */
import type { FinishReason } from '@conduit/plugin-api';
import type { ConverseStopReason } from './converse-types.ts';

export function mapStopReason(reason: ConverseStopReason | undefined): FinishReason {
  switch (reason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'guardrail_intervened':
    case 'content_filtered':
      return 'content_filter';
    default:
      // end_turn, stop_sequence, and malformed_* (the model stopped; its output is what it is).
      return 'stop';
  }
}
