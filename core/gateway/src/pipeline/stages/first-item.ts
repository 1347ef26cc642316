/**
 * Reads a stream's first item inside the router's attempt, so that a deployment failing before it
 * produced anything is replaced by the next one. On failure the stream is returned (its upstream
 * closed) before the error goes on to the router.
 */
export interface FirstItem<T> {
  iterator: AsyncIterator<T>;
  /** Undefined when the stream ended without any item. */
  first: T | undefined;
}

export async function firstItem<T>(stream: AsyncIterable<T>): Promise<FirstItem<T>> {
  const iterator = stream[Symbol.asyncIterator]();
  try {
    const next = await iterator.next();
    return { iterator, first: next.done ? undefined : next.value };
  } catch (error) {
    try {
      await iterator.return?.();
    } catch {
      // The attempt already failed; its own error is the one that matters.
    }
    throw error;
  }
}
