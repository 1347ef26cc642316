/**
 * A provider client that knows when it is idle, so a client being replaced (its provider was edited
 * or removed) is closed only after the calls and streams it is serving have ended — never under a
 * live stream.
 *
 * Only clients with a `close()` are wrapped: the others hold nothing to release and are simply
 * dropped, at no cost on the request path. A wrapped stream keeps every property of the original
 * (it inherits from it), so the raw-JSON fast path (`rawJsonEvents`, `runs()`) still works; a call
 * counts as in flight from its start, a stream until its iterator is finished, fails or is returned.
 */
import type { ProviderClient } from '@conduit/plugin-api';
import { rawJsonEvents } from '@conduit/plugin-api/internal';

export interface TrackedProviderClient {
  client: ProviderClient;
  /** Closes the client once no call is in flight (at the latest after `maxWaitMs`). */
  closeWhenIdle(maxWaitMs: number): Promise<void>;
}

export function trackProviderClient(original: ProviderClient): TrackedProviderClient {
  if (typeof original.close !== 'function') return { client: original, closeWhenIdle: async () => {} };
  let inFlight = 0;
  let idle: (() => void) | undefined;
  const begin = (): (() => void) => {
    inFlight++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      if (--inFlight === 0) idle?.();
    };
  };

  const client = new Proxy(original, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || property === 'close') return value;
      return (...args: unknown[]) => {
        const result: unknown = (value as (...args: unknown[]) => unknown).apply(target, args);
        if (isThenable(result)) {
          const end = begin();
          return Promise.resolve(result).finally(end);
        }
        if (isAsyncIterable(result)) return trackedStream(result, begin);
        return result;
      };
    },
  });

  return {
    client,
    async closeWhenIdle(maxWaitMs) {
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, maxWaitMs);
          timer.unref();
          idle = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      await original.close?.();
    },
  };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof (value as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] === 'function';
}

/** `stream` with both ways of reading it (iteration, raw JSON events) counted while read. */
function trackedStream(stream: AsyncIterable<unknown>, begin: () => () => void): AsyncIterable<unknown> {
  const tracked = Object.create(stream) as Record<PropertyKey, unknown>;
  tracked[Symbol.asyncIterator] = () => trackedIterator(stream[Symbol.asyncIterator](), begin());
  const raw = (stream as unknown as Record<PropertyKey, unknown>)[rawJsonEvents];
  if (typeof raw === 'function') tracked[rawJsonEvents] = () => trackedIterator((raw as () => AsyncIterator<unknown>).call(stream), begin());
  return tracked as unknown as AsyncIterable<unknown>;
}

function trackedIterator<T>(iterator: AsyncIterator<T> & { runs?(): void }, end: () => void): AsyncIterator<T> & { runs?(): void } {
  const settle = (step: Promise<IteratorResult<T>>): Promise<IteratorResult<T>> =>
    step.then(
      (result) => {
        if (result.done) end();
        return result;
      },
      (error: unknown) => {
        end();
        throw error;
      },
    );
  const wrapped: AsyncIterator<T> & { runs?(): void } = {
    next: (...args) => settle(iterator.next(...args)),
    return: (value) => {
      end();
      return iterator.return ? iterator.return(value) : Promise.resolve({ done: true, value } as IteratorResult<T>);
    },
    throw: (error) => {
      end();
      return iterator.throw ? iterator.throw(error) : Promise.reject(error);
    },
  };
  if (typeof iterator.runs === 'function') wrapped.runs = () => iterator.runs!();
  return wrapped;
}
