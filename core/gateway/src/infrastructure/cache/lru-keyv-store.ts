/**
 * A Keyv storage adapter over lru-cache bounded in bytes: Keyv's default Map grows without limit.
 * The least recently used entries go first once the bound is reached; expired ones are dropped when
 * read (Keyv also checks the expiry it stores with each value).
 */
import { LRUCache } from 'lru-cache';

export class LruKeyvStore {
  private readonly entries: LRUCache<string, string>;

  constructor(maxBytes: number) {
    // Sizes are UTF-16 code units, a close enough stand-in for bytes that costs no encoding.
    this.entries = new LRUCache<string, string>({ maxSize: maxBytes, sizeCalculation: (value, key) => Math.max(1, value.length + key.length) });
  }

  get(key: string): string | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: string, ttl?: number): boolean {
    this.entries.set(key, value, ttl ? { ttl } : undefined);
    return true;
  }

  delete(key: string): boolean {
    return this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
