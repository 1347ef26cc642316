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
import type { SpendRepository } from '../infrastructure/database/spend-repository.ts';

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

  async usage(kind: SpendScopeKind, id: string, limits: Pick<LimitSettings, 'maxBudgetNanos' | 'budgetPeriod'>): Promise<BudgetUsage> {
    const window = periodWindow(limits.budgetPeriod, Date.now());
    let spend: number;
    let reserved = 0;
    const live = await this.store.readBudget(counterNames.budget(kind, id, window.key)).catch(() => null);
    if (live) {
      spend = live.spend;
      reserved = live.reserved;
    } else {
      spend = (await this.spendRows.read(kind, id, window.key)).spendNanos + this.writer.unflushedPeriodSpend(kind, id, window.key);
    }
    return {
      period: limits.budgetPeriod,
      periodStart: window.period === 'LIFETIME' ? null : new Date(window.start),
      periodEnd: window.end === null ? null : new Date(window.end),
      spendNanos: spend,
      reservedNanos: reserved,
      maxBudgetNanos: limits.maxBudgetNanos,
      remainingNanos: limits.maxBudgetNanos === null ? null : Math.max(0, limits.maxBudgetNanos - spend - reserved),
    };
  }
}
