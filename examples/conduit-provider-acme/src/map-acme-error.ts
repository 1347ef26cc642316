/**
 * Acme's failures -> ProviderError: a non-2xx answer (status, headers and `{ "failure": … }` body), or
 * the `error` event of a stream. Pure: no I/O.
 */
import { mapHttpError, ProviderError, type HttpHeaders, type ProviderErrorCode } from '@conduit/plugin-api';
import type { AcmeFailure } from './acme-api.ts';

/** Acme's failure reasons whose meaning is more precise than their HTTP status. */
const codeByReason: Readonly<Record<string, ProviderErrorCode>> = {
  context_overflow: 'context_length',
  safety_block: 'content_filter',
  overloaded: 'overloaded',
  rate_limited: 'rate_limit',
  invalid_request: 'bad_request',
  invalid_api_key: 'authentication',
};

export function mapAcmeHttpError(status: number, headers: HttpHeaders, bodyText: string): ProviderError {
  const failure = readAcmeFailure(bodyText);
  return mapHttpError({
    status,
    headers,
    message: failure?.detail,
    providerCode: failure?.reason,
    code: failure ? codeByReason[failure.reason] : undefined,
    providerLabel: 'Acme AI',
  });
}

export function mapAcmeStreamFailure(failure: AcmeFailure): ProviderError {
  return new ProviderError({
    code: codeByReason[failure.reason] ?? 'server',
    message: failure.detail || 'Acme AI ended the stream with an error',
    providerCode: failure.reason,
  });
}

export function readAcmeFailure(bodyText: string): AcmeFailure | undefined {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return undefined;
  }
  const failure = (body as { failure?: unknown } | null)?.failure;
  return isFailure(failure) ? failure : undefined;
}

export function isFailure(value: unknown): value is AcmeFailure {
  if (!value || typeof value !== 'object') return false;
  const { reason, detail } = value as Record<string, unknown>;
  return typeof reason === 'string' && typeof detail === 'string';
}
