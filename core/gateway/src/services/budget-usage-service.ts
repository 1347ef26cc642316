/**
 * A key's or group's budget as admins read it: spend this period, what requests in flight have
 * reserved, what remains. From the live counter when it is built; else from the database plus what
 * this instance has not written yet.
 */
import type { SpendScopeKind } from '../domain/spend-scope.ts';
import type { LimitSettings } from '../domain/limit-settings.ts';
import { periodWindow, type BudgetPeriod } from '../domain/budget-period.ts';
import type { CounterStore } from '../ports/counter-store.ts';
import { counterNames } from '../engine/limits/rate-windows.ts';
import type { RequestLogWriter } from '../infrastructure/database/request-log-writer.ts';
import { spendRowKey, type SpendRepository } from '../infrastructure/database/spend-repository.ts';

type BudgetLimits = Pick<LimitSettings, 'maxBudgetNanos' | 'budgetPeriod'>;

export interface BudgetUsage {
  period: BudgetPeriod;
  periodStart: Date | null;
  periodEnd: Date | null;
  /** Nano-dollars, like every amount here. */
  spendNanos: number;
  reservedNanos: number;
  maxBudgetNanos: number | null;
  /** Null without a budget. */
  remainingNanos: number | null;
}

export class BudgetUsageService {
  constructor(
    private readonly store: CounterStore,
    private readonly spendRows: SpendRepository,
    private readonly writer: RequestLogWriter,
  ) {}

  async usage(kind: SpendScopeKind, id: string, limits: BudgetLimits): Promise<BudgetUsage> {
    return (await this.usages(kind, [{ id, limits }]))[0]!;
  }

  /** `usage` for many keys or groups (a list in the admin API), with one database read for all. */
  async usages(kind: SpendScopeKind, scopes: ReadonlyArray<{ id: string; limits: BudgetLimits }>): Promise<BudgetUsage[]> {
    const now = Date.now();
    const windows = scopes.map((scope) => periodWindow(scope.limits.budgetPeriod, now));
    const live = await Promise.all(scopes.map((scope, index) => this.store.readBudget(counterNames.budget(kind, scope.id, windows[index]!.key)).catch(() => null)));
    const missing = scopes.flatMap((scope, index) => (live[index] ? [] : [{ kind, id: scope.id, periodKey: windows[index]!.key }]));
    const stored = missing.length > 0 ? await this.spendRows.readMany(missing) : new Map<string, number>();
    return scopes.map((scope, index) => {
      const window = windows[index]!;
      const reading = live[index];
      const spend = reading
        ? reading.spend
        : (stored.get(spendRowKey(kind, scope.id, window.key)) ?? 0) + this.writer.unflushedPeriodSpend(kind, scope.id, window.key);
      const reserved = reading?.reserved ?? 0;
      const { maxBudgetNanos, budgetPeriod } = scope.limits;
      return {
        period: budgetPeriod,
        periodStart: window.period === 'LIFETIME' ? null : new Date(window.start),
        periodEnd: window.end === null ? null : new Date(window.end),
        spendNanos: spend,
        reservedNanos: reserved,
        maxBudgetNanos,
        remainingNanos: maxBudgetNanos === null ? null : Math.max(0, maxBudgetNanos - spend - reserved),
      };
    });
  }
}
