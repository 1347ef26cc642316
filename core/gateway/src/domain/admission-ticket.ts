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

export interface AdmissionTicket {
  id: string;
  /** Whose spend this request is: the key, and its group when it has one. */
  scopes: ReadonlyArray<{ kind: SpendScopeKind; id: string }>;
  /** Every period key at admission; the request's spend is recorded under these. */
  periodKeys: readonly string[];
  tokenWindows: ReadonlyArray<{ counter: string; windowMs: number; bucketMs: number; bucket: number; reserved: number }>;
  parallel: readonly string[];
  budgets: readonly TicketBudget[];
  settled: boolean;
}
