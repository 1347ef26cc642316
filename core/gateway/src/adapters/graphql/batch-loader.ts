/**
 * Dataloader-style batching for resolvers that would read once per list item: the keys asked for
 * in the same turn (the items of one list resolve together) are loaded with one call, and each key
 * once. One loader per GraphQL request, found by the request's context object.
 */
export type LoadMany<K, V> = (keys: readonly K[]) => Promise<ReadonlyMap<K, V>>;

export interface BatchLoader<K, V> {
  load(key: K): Promise<V | undefined>;
}

export function createBatchLoader<K, V>(loadMany: LoadMany<K, V>): BatchLoader<K, V> {
  // Each key is asked for once (later loads get the same promise), so one waiter per key.
  let pending: Map<K, { resolve(value: V | undefined): void; reject(error: unknown): void }> | undefined;
  const flush = (): void => {
    const batch = pending!;
    pending = undefined;
    loadMany([...batch.keys()]).then(
      (values) => {
        for (const [key, waiter] of batch) waiter.resolve(values.get(key));
      },
      (error: unknown) => {
        for (const waiter of batch.values()) waiter.reject(error);
      },
    );
  };
  const loaded = new Map<K, Promise<V | undefined>>();
  return {
    load(key) {
      const known = loaded.get(key);
      if (known) return known;
      const value = new Promise<V | undefined>((resolve, reject) => {
        if (!pending) {
          pending = new Map();
          process.nextTick(flush);
        }
        pending.set(key, { resolve, reject });
      });
      loaded.set(key, value);
      return value;
    },
  };
}

/** The loader of `context`'s request, made on first use by `make`. */
export function perRequest<C extends object, K, V>(make: (context: C) => BatchLoader<K, V>): (context: C) => BatchLoader<K, V> {
  const loaders = new WeakMap<C, BatchLoader<K, V>>();
  return (context) => {
    let loader = loaders.get(context);
    if (!loader) {
      loader = make(context);
      loaders.set(context, loader);
    }
    return loader;
  };
}
