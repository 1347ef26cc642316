import type { FinishReason } from '@conduit/plugin-api';
import type { CohereFinishReason } from './cohere-types.ts';

/**
 * Cohere's finish reasons that end a generation normally. `ERROR` and `TIMEOUT` are failures and
 * are turned into errors by `finishReasonError` before this is asked.
 */
export function mapFinishReason(reason: CohereFinishReason | null | undefined): FinishReason {
  switch (reason) {
    case 'MAX_TOKENS':
      return 'length';
    case 'TOOL_CALL':
      return 'tool_calls';
    // v1's name for a safety stop; kept in case the v2 API reports it.
    case 'ERROR_TOXIC':
      return 'content_filter';
    default:
      return 'stop';
  }
}
