/**
 * What an admitted request holds until it ends: its slots, reservations and token estimates, so the
 * usage recorder can settle them to the real cost and tokens (or release them on failure).
 */
import type { SpendScopeKind } from './spend-scope.ts';
import type { LimitScope } from './limit-settings.ts';
import type { PeriodWindow } from './budget-period.ts';

export interface TicketBudget {
  counter: string;
  scope: LimitScope;
  window: PeriodWindow;
  /** Nano-dollars. */
  limit: number;
}

/** Which budget counter (by scope and period) counted an amount, and its generation then. */
export interface CountedBudget {
  kind: SpendScopeKind;
  id: string;
  periodKey: string;
  generation: string | null;
}

/** Spend a long session settled slice by slice while its period keys were `periodKeys`. */
export interface PeriodSpend {
  periodKeys: readonly string[];
  /** Nano-dollars. */
  amount: number;
  /** The counters that counted it, as of the last slice settled in those periods. */
  counted: readonly CountedBudget[];
}

export interface AdmissionTicket {
  id: string;
  /** Whose spend this request is: the key, and its group when it has one. */
  scopes: ReadonlyArray<{ kind: SpendScopeKind; id: string }>;
  /**
   * Every period key at admission; the request's spend is recorded under these. A session's slices
   * move it to the period current when each is reserved (see `earlierPeriods`).
   */
  periodKeys: readonly string[];
  tokenWindows: ReadonlyArray<{ counter: string; windowMs: number; bucketMs: number; bucket: number; reserved: number }>;
  parallel: readonly string[];
  budgets: readonly TicketBudget[];
  settled: boolean;
  /** A session's slices settled under the current `periodKeys` so far. */
  periodSpend?: PeriodSpend;
  /** A session's spend in the periods it has left, booked under their keys rather than the current ones. */
  earlierPeriods?: readonly PeriodSpend[];
}
