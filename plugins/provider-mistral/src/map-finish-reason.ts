import { ProviderError, type FinishReason } from '@conduit/plugin-api';

/**
 * Mistral's finish reasons: `stop`, `length`, `model_length` (the context window filled up), `tool_calls`
 * and `error`, which is a failure rather than an ending and is thrown.
 */
export function mapFinishReason(reason: unknown): FinishReason | null {
  if (reason === null || reason === undefined) return null;
  switch (reason) {
    case 'length':
    case 'model_length':
      return 'length';
    case 'tool_calls':
      return 'tool_calls';
    case 'content_filter':
      return 'content_filter';
    case 'error':
      throw new ProviderError({ code: 'server', message: 'Mistral reported an error while generating', providerCode: 'error' });
    default:
      return 'stop';
  }
}
