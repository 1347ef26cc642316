/** The response cache as admins see it: this instance's hit and miss counts, and clearing every entry. */
import type { ResponseCache, ResponseCacheStats } from '../engine/cache/response-cache.ts';

export interface ResponseCacheReport extends ResponseCacheStats {
  /** Hits among lookups that reached the store (hits + misses); null before the first. */
  hitRate: number | null;
  /** Where entries are kept: `memory` (this process) or `redis` (shared by every instance). */
  store: 'memory' | 'redis';
}

export class ResponseCacheService {
  constructor(
    private readonly cache: ResponseCache,
    private readonly store: 'memory' | 'redis',
  ) {}

  stats(): ResponseCacheReport {
    const stats = this.cache.stats();
    const looked = stats.hits + stats.misses;
    return { ...stats, hitRate: looked === 0 ? null : stats.hits / looked, store: this.store };
  }

  /** Removes every stored answer (in Redis: for every instance). */
  async clear(): Promise<boolean> {
    await this.cache.clear();
    return true;
  }
}
