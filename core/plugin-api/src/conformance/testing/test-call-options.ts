import type { CallOptions } from '../../provider-plugin.ts';

/** Call options for a plugin call in a test; pass `signal` to abort the call. */
export function testCallOptions(signal: AbortSignal = new AbortController().signal, requestId = 'test-request'): CallOptions {
  return { signal, requestId };
}
