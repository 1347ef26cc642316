/** Anthropic `stop_reason` -> OpenAI `finish_reason`. */
import type { FinishReason } from '@conduit/plugin-api';

export function mapFinishReason(stopReason: string | null | undefined): FinishReason {
  switch (stopReason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    // end_turn, stop_sequence, pause_turn (a server-tool turn paused; the text so far is final for us)
    default:
      return 'stop';
  }
}
