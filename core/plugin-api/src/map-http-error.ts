/**
 * Turns a provider's non-2xx HTTP answer into a ProviderError. Plugins pass what they parsed from the
 * body (message, provider code); the status decides the code unless the plugin knows better.
 */
import { ProviderError, type ProviderErrorCode } from './provider-error.ts';
import { parseRetryAfter } from './retry-after.ts';

export interface HttpErrorDetails {
  status: number;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The provider's message, already extracted from its error body. */
  message?: string;
  providerCode?: string;
  param?: string;
  /** Overrides the status-derived code (e.g. a 400 that is really `context_length`). */
  code?: ProviderErrorCode;
  /** Used in the message when the provider gave none, e.g. `Anthropic`. */
  providerLabel?: string;
}

export function codeForStatus(status: number): ProviderErrorCode {
  if (status === 401) return 'authentication';
  if (status === 403) return 'permission';
  if (status === 404) return 'not_found';
  if (status === 408) return 'timeout';
  if (status === 413) return 'context_length';
  if (status === 429) return 'rate_limit';
  if (status === 503 || status === 529) return 'overloaded';
  if (status >= 500) return 'server';
  return 'bad_request';
}

const contextLengthPattern = /context[ _-]?length|context window|too many tokens|maximum context|prompt is too long|input is too long/i;

export function mapHttpError(details: HttpErrorDetails): ProviderError {
  let code = details.code ?? codeForStatus(details.status);
  if (code === 'bad_request' && details.message && contextLengthPattern.test(details.message)) {
    code = 'context_length';
  }
  const label = details.providerLabel ?? 'The provider';
  return new ProviderError({
    code,
    status: details.status,
    message: details.message?.trim() || `${label} answered HTTP ${details.status}`,
    providerCode: details.providerCode,
    param: details.param,
    retryAfterMs: parseRetryAfter(details.headers),
  });
}
