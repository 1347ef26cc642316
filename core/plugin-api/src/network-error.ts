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
