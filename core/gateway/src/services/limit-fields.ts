/** Validation of the budget and rate-limit fields shared by virtual keys and key groups. */
import { z } from 'zod';
import { budgetPeriods } from '../domain/budget-period.ts';
import { maxBudgetUsd, usdToNanos } from '../domain/money.ts';

const limit = z.number().int('must be a whole number').min(1, 'must be at least 1 (null for no limit)').max(1_000_000_000);

export const limitFields = {
  /** USD, as admins give it; kept in nano-dollars. */
  maxBudget: z.number().min(0, 'must not be negative').max(maxBudgetUsd, `must be at most ${maxBudgetUsd} (USD)`).nullish(),
  budgetPeriod: z.enum(budgetPeriods, { message: `must be one of ${budgetPeriods.join(', ')}` }).nullish(),
  rpm: limit.nullish(),
  rpd: limit.nullish(),
  tpm: limit.nullish(),
  maxParallel: limit.nullish(),
};

const countFieldNames = ['rpm', 'rpd', 'tpm', 'maxParallel'] as const;

/** A budget in USD as nano-dollars; null stays null (no budget). */
export const budgetNanos = (usd: number | null | undefined): number | null => (usd == null ? null : usdToNanos(usd));

/** Copies the limit fields present in `values` onto `record` (null clears a limit). */
export function applyLimitFields(
  record: { maxBudgetNanos: number | null; budgetPeriod: string; rpm: number | null; rpd: number | null; tpm: number | null; maxParallel: number | null },
  values: { maxBudget?: number | null; budgetPeriod?: string | null } & { [K in (typeof countFieldNames)[number]]?: number | null },
): void {
  if (values.maxBudget !== undefined) record.maxBudgetNanos = budgetNanos(values.maxBudget);
  for (const name of countFieldNames) if (values[name] !== undefined) record[name] = values[name];
  if (values.budgetPeriod != null) record.budgetPeriod = values.budgetPeriod;
}
