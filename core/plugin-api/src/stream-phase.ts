/**
 * Wraps a plugin's chunk stream so that every failure is a ProviderError with the right phase:
 * `before-output` until the first chunk has been yielded, `mid-stream` after. Plugins wrap their
 * generators with it instead of tracking the phase by hand.
 */
import type { AbortState } from './cancellation.ts';
import { ProviderError } from './provider-error.ts';
import { networkError } from './http-client.ts';

export async function* withStreamPhase<T>(stream: AsyncIterable<T>, signal?: AbortState): AsyncGenerator<T> {
  let started = false;
  try {
    for await (const item of stream) {
      started = true;
      yield item;
    }
  } catch (error) {
    const typed = ProviderError.isInstance(error) ? error : networkError(error, signal);
    // What the source read does not count: only what this stream yielded reached the client.
    throw started ? typed.midStream() : typed.beforeOutput();
  }
}
