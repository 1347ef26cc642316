import type { AbortState } from './cancellation.ts';
import { ProviderError } from './provider-error.ts';

const timeoutCodes = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

/** Maps a socket/undici failure to a ProviderError. Exported for plugins with their own transports. */
export function networkError(error: unknown, signal?: AbortState): ProviderError {
  if (ProviderError.isInstance(error)) return error;
  const code = (error as { code?: string } | undefined)?.code ?? '';
  const name = (error as { name?: string } | undefined)?.name ?? '';
  if (signal?.aborted || name === 'AbortError' || code === 'UND_ERR_ABORTED') {
    return new ProviderError({ code: 'aborted', message: 'The request was aborted', retryable: false, cause: error });
  }
  if (timeoutCodes.has(code)) {
    const what =
      code === 'UND_ERR_CONNECT_TIMEOUT'
        ? 'connecting'
        : code === 'UND_ERR_HEADERS_TIMEOUT'
          ? 'waiting for the first byte'
          : 'waiting for the next part of the response';
    return new ProviderError({ code: 'timeout', message: `Timed out ${what}`, cause: error });
  }
  const detail = code ? ` (${code})` : '';
  return new ProviderError({ code: 'connection', message: `Could not reach the provider${detail}`, cause: error });
}

/** Codes of socket and undici failures: `ECONNRESET`, `EAI_AGAIN`, `UND_ERR_SOCKET`… (not Node's `ERR_*`). */
const networkCodePattern = /^(UND_ERR_|E(?!RR_)[A-Z0-9_]+$)/;

/**
 * Whether an error came from the exchange with the provider (a ProviderError, a socket or undici
 * failure, an abort) rather than from code running in the gateway: a RangeError or TypeError thrown
 * while building the request says nothing about the provider and must not count against it.
 */
export function isNetworkFailure(error: unknown): boolean {
  if (ProviderError.isInstance(error)) return true;
  const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
  return name === 'AbortError' || (typeof code === 'string' && networkCodePattern.test(code));
}
