/**
 * Cohere errors -> ProviderError. HTTP error bodies are `{message}` or `{id, message}`; a stream
 * that fails after it started ends with `message-end` whose finish reason is `ERROR` (with
 * `delta.error`) or `TIMEOUT`.
 */
import {
  ProviderError,
  mapHttpError,
  readErrorBody,
  type HttpHeaders,
  type ProviderErrorCode,
} from '@conduit/plugin-api';
import type { CohereFinishReason } from './cohere-types.ts';

const label = 'Cohere';

/** Statuses whose meaning Cohere defines differently from the usual HTTP reading. */
function codeForCohereStatus(status: number): ProviderErrorCode | undefined {
  if (status === 402) return 'permission'; // billing limit reached
  if (status === 498) return 'authentication'; // invalid token
  if (status === 499) return 'server'; // Cohere reports the request as cancelled; we did not cancel it
  if (status === 501) return 'unsupported';
  if (status === 504) return 'timeout';
  return undefined;
}

export function mapCohereHttpError(status: number, headers: HttpHeaders, bodyText: string): ProviderError {
  const details = readErrorBody(bodyText);
  return mapHttpError({
    status,
    headers,
    message: details.message,
    providerCode: details.providerCode,
    code: codeForCohereStatus(status),
    providerLabel: label,
  });
}

/** A finish reason that means the generation failed, as an error; undefined for normal endings. */
export function finishReasonError(
  reason: CohereFinishReason | null | undefined,
  detail: string | null | undefined,
): ProviderError | undefined {
  if (reason === 'ERROR') {
    return new ProviderError({
      code: 'server',
      message: detail?.trim() || 'Cohere reported an error while generating',
      providerCode: reason,
    });
  }
  if (reason === 'TIMEOUT') {
    return new ProviderError({
      code: 'timeout',
      message: detail?.trim() || 'Cohere timed out while generating',
      providerCode: reason,
    });
  }
  if (reason === 'ERROR_LIMIT') {
    return new ProviderError({
      code: 'context_length',
      message: detail?.trim() || "The conversation exceeds the model's context window",
      providerCode: reason,
    });
  }
  return undefined;
}
