import { builder } from '../builder.ts';
import { budgetPeriods } from '../../../domain/budget-period.ts';
import type { BudgetUsage } from '../../../services/budget-usage-service.ts';
import { nanosToUsd } from '../../../domain/money.ts';

export const BudgetPeriodEnum = builder.enumType('BudgetPeriod', {
  description: 'How often a budget starts over, at UTC boundaries: midnight, Monday (ISO weeks), the 1st; LIFETIME never.',
  values: budgetPeriods,
});

export const BudgetUsageType = builder.objectRef<BudgetUsage>('BudgetUsage').implement({
  description: 'A budget this period. USD, counted exactly in nano-dollars: every amount is a decimal with at most 9 places.',
  fields: (t) => ({
    period: t.field({ type: BudgetPeriodEnum, resolve: (usage) => usage.period }),
    maxBudget: t.float({ nullable: true, description: 'Null: no budget (spend is still counted).', resolve: (usage) => usdOrNull(usage.maxBudgetNanos) }),
    spend: t.float({ description: 'Spent this period.', resolve: (usage) => nanosToUsd(usage.spendNanos) }),
    reserved: t.float({ description: 'Reserved by requests in flight (their worst-case cost).', resolve: (usage) => nanosToUsd(usage.reservedNanos) }),
    remaining: t.float({ nullable: true, description: 'maxBudget minus spend and reservations; null without a budget.', resolve: (usage) => usdOrNull(usage.remainingNanos) }),
    periodStart: t.field({ type: 'DateTime', nullable: true, resolve: (usage) => usage.periodStart }),
    periodResetsAt: t.field({ type: 'DateTime', nullable: true, description: 'Null for LIFETIME.', resolve: (usage) => usage.periodEnd }),
  }),
});

/** Nano-dollars as USD for a Float field; the division is exact to the printed decimal (see money.ts). */
export const usdOrNull = (nanos: number | null): number | null => (nanos === null ? null : nanosToUsd(nanos));

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** Budget and rate-limit fields shared by the key and key group inputs. */
export function limitInputFields(t: PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>) {
  return {
    maxBudget: t.float({ description: 'USD per budget period (kept exactly, in nano-dollars); null for no budget. From 0 to 9,000,000.' }),
    budgetPeriod: t.field({ type: BudgetPeriodEnum, description: 'Default LIFETIME.' }),
    rpm: t.int({ description: 'Requests per minute; null for no limit.' }),
    rpd: t.int({ description: 'Requests per day (rolling 24 hours); null for no limit.' }),
    tpm: t.int({ description: 'Tokens per minute (prompt plus max_tokens while running, real tokens once done); null for no limit.' }),
    maxParallel: t.int({ description: 'Requests in flight at once; null for no limit.' }),
  };
}

export const limitFieldsClearedByNull = ['maxBudget', 'rpm', 'rpd', 'tpm', 'maxParallel'] as const;

/** Budget usage per record, computed once however many fields of one record ask (records live for one request). */
export function memoizedUsage<R extends object, C>(load: (record: R, context: C) => Promise<BudgetUsage>): (record: R, context: C) => Promise<BudgetUsage> {
  const cache = new WeakMap<R, Promise<BudgetUsage>>();
  return (record, context) => {
    let usage = cache.get(record);
    if (!usage) {
      usage = load(record, context);
      cache.set(record, usage);
    }
    return usage;
  };
}
