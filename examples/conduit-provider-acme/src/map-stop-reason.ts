import type { FinishReason } from '@conduit/plugin-api';
import type { AcmeStopReason } from './acme-api.ts';

export function mapStopReason(reason: AcmeStopReason): FinishReason {
  switch (reason) {
    case 'max_new_tokens':
      return 'length';
    case 'tool_call':
      return 'tool_calls';
    case 'safety':
      return 'content_filter';
    case 'end_turn':
    case 'stop_sequence':
    default:
      return 'stop';
  }
}
