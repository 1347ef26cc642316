/**
 * A client for a provider record whose settings cannot work (no endpoint, a bad region): every call
 * fails with the configuration error, so one bad record is reported where it is used instead of
 * breaking the gateway's loading of all providers.
 */
import type { CallOptions, ChatCompletionChunk, ProviderClient, ProviderError } from '@conduit/plugin-api';

export function unconfiguredClient(error: ProviderError): ProviderClient {
  return {
    chat: async () => Promise.reject(error),
    chatStream(_request, _call: CallOptions): AsyncIterable<ChatCompletionChunk> {
      return (async function* () {
        yield* [];
        throw error;
      })();
    },
    health: async () => Promise.reject(error),
  };
}
