/** The budget and rate limits a key or a key group may have; null means no limit of that kind. */
import type { BudgetPeriod } from './budget-period.ts';

export interface LimitSettings {
  /** Nano-dollars per budget period (see money.ts). */
  maxBudgetNanos: number | null;
  budgetPeriod: BudgetPeriod;
  /** Requests per minute. */
  rpm: number | null;
  /** Requests per day. */
  rpd: number | null;
  /** Tokens per minute. */
  tpm: number | null;
  /** Requests in flight at once. */
  maxParallel: number | null;
}

/** A key or a group, as the admission sees it. */
export interface LimitScope {
  kind: 'key' | 'group';
  id: string;
  name: string;
  limits: LimitSettings;
}

export const noLimits: LimitSettings = Object.freeze({
  maxBudgetNanos: null,
  budgetPeriod: 'LIFETIME',
  rpm: null,
  rpd: null,
  tpm: null,
  maxParallel: null,
});

export function hasAnyLimit(limits: LimitSettings): boolean {
  return (
    limits.maxBudgetNanos !== null || limits.rpm !== null || limits.rpd !== null || limits.tpm !== null || limits.maxParallel !== null
  );
}

export function limitSettingsOf(record: {
  maxBudgetNanos: number | null;
  budgetPeriod: BudgetPeriod;
  rpm: number | null;
  rpd: number | null;
  tpm: number | null;
  maxParallel: number | null;
}): LimitSettings {
  return {
    maxBudgetNanos: record.maxBudgetNanos ?? null,
    budgetPeriod: record.budgetPeriod ?? 'LIFETIME',
    rpm: record.rpm ?? null,
    rpd: record.rpd ?? null,
    tpm: record.tpm ?? null,
    maxParallel: record.maxParallel ?? null,
  };
}
