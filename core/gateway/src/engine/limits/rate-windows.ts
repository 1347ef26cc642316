/**
 * The sliding windows behind RPM, RPD and TPM, and the names of every counter. A window is kept in
 * buckets: any stretch of (window - one bucket) holds no more than the limit, and a request counted
 * in a bucket leaves the window a full window after that bucket began.
 */
import type { SpendScopeKind } from '../../domain/spend-scope.ts';

export type RateDimension = 'rpm' | 'rpd' | 'tpm';

export const rateWindows: Record<RateDimension, { windowMs: number; bucketMs: number; unit: 'requests' | 'tokens'; label: string }> = {
  rpm: { windowMs: 60_000, bucketMs: 1_000, unit: 'requests', label: 'requests per minute' },
  rpd: { windowMs: 86_400_000, bucketMs: 60_000, unit: 'requests', label: 'requests per day' },
  tpm: { windowMs: 60_000, bucketMs: 1_000, unit: 'tokens', label: 'tokens per minute' },
};

// One hash tag for every counter: a request's counters (key and group) are checked in one script,
// which Redis Cluster allows only within one slot.
const prefix = 'conduit:{limits}';

export const counterNames = {
  window: (kind: SpendScopeKind, id: string, dimension: RateDimension): string => `${prefix}:${kind}:${id}:${dimension}`,
  parallel: (kind: SpendScopeKind, id: string): string => `${prefix}:${kind}:${id}:parallel`,
  /** Sessions (realtime) held at once by a key, or by the whole gateway (`id` null). */
  sessions: (kind: SpendScopeKind | 'gateway', id: string | null): string => `${prefix}:${kind}:${id ?? 'all'}:sessions`,
  // 'budget-nanos': amounts are whole nano-dollars; counters of the USD era (':budget:') are left to expire.
  budget: (kind: SpendScopeKind, id: string, periodKey: string): string => `${prefix}:${kind}:${id}:budget-nanos:${periodKey}`,
};
