/**
 * Where the response cache keeps its entries: in this process, or in Redis so that every instance
 * shares them. Values are opaque text; an operation that cannot reach the store rejects (the cache
 * then skips itself; a request never fails because of it).
 */
export interface ResponseCacheStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Removes every entry of the response cache (and nothing else the store holds). */
  clear(): Promise<void>;
  close(): Promise<void>;
}
