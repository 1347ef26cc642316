/**
 * Recognises an error sent inside a Mistral stream in place of a chunk (an `{"object":"error",…}`
 * body, or a validation `detail`), as a ProviderError. The OpenAI-compatible client already throws
 * for OpenAI's `{"error":{…}}` events.
 */
import { ProviderError, type ProviderErrorCode } from '@conduit/plugin-api';
import { readMistralErrorBody } from './read-mistral-error-body.ts';

const contextLength = /context[ _-]?length|too large for model|maximum context|too many tokens/i;

export function streamError(value: Record<string, unknown>): ProviderError | undefined {
  const flagged = typeof value.object === 'string' && value.object.toLowerCase() === 'error';
  const bodyLike = !Array.isArray(value.choices) && (value.message !== undefined || value.detail !== undefined);
  if (!flagged && !bodyLike) return undefined;
  const details = readMistralErrorBody(JSON.stringify(value));
  const message = details.message?.trim() || 'Mistral reported an error in the stream';
  const validation = Array.isArray(value.detail) || (typeof value.message === 'object' && value.message !== null);
  return new ProviderError({
    code: contextLength.test(message) ? 'context_length' : validation ? 'bad_request' : codeForType(details.providerCode),
    message,
    providerCode: details.providerCode,
    param: details.param,
  });
}

function codeForType(type: string | undefined): ProviderErrorCode {
  if (!type) return 'server';
  if (/rate|capacity/i.test(type)) return 'rate_limit';
  if (/invalid_request|extra_forbidden|validation/i.test(type)) return 'bad_request';
  if (/unavailable|overloaded/i.test(type)) return 'overloaded';
  return 'server';
}
