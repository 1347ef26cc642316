/**
 * How router state reaches the other gateway instances. Alone (no REDIS_URL) there is nobody to tell:
 * the local version does nothing and every lock is granted.
 */
import { randomUUID } from 'node:crypto';
import type { BreakerTransition } from './circuit-breaker.ts';
import type { StatsReport } from './deployment-stats.ts';

export interface RouterSync {
  readonly instanceId: string;
  /** Tells the other instances a breaker opened or closed here. */
  publishBreaker(transition: BreakerTransition): void;
  /** Listens for other instances' breaker transitions; resolves once listening. */
  onBreaker(listener: (transition: BreakerTransition) => void): Promise<void>;
  /** Breakers open right now anywhere, for an instance that just started. */
  openBreakers(): Promise<BreakerTransition[]>;
  /** Publishes this instance's statistics and returns the other instances' latest ones. */
  exchangeStats(report: StatsReport): Promise<StatsReport[]>;
  /** True when this instance may do the named periodic job now (one instance per period). */
  tryLock(name: string, ttlMs: number): Promise<boolean>;
  close(): Promise<void>;
}

export function createLocalRouterSync(): RouterSync {
  return {
    instanceId: randomUUID(),
    publishBreaker() {},
    onBreaker: async () => {},
    openBreakers: async () => [],
    exchangeStats: async () => [],
    tryLock: async () => true,
    close: async () => {},
  };
}
