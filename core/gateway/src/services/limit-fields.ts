/** Validation of the budget and rate-limit fields shared by virtual keys and key groups. */
import { z } from 'zod';
import { budgetPeriods } from '../domain/budget-period.ts';

const limit = z.number().int('must be a whole number').min(1, 'must be at least 1 (null for no limit)').max(1_000_000_000);

export const limitFields = {
  maxBudget: z.number().min(0, 'must not be negative').max(1_000_000_000_000).nullish(),
  budgetPeriod: z.enum(budgetPeriods, { message: `must be one of ${budgetPeriods.join(', ')}` }).nullish(),
  rpm: limit.nullish(),
  rpd: limit.nullish(),
  tpm: limit.nullish(),
  maxParallel: limit.nullish(),
};

export const limitFieldNames = ['maxBudget', 'rpm', 'rpd', 'tpm', 'maxParallel'] as const;

/** Copies the limit fields present in `values` onto `record` (null clears a limit). */
export function applyLimitFields(
  record: { maxBudget: number | null; budgetPeriod: string; rpm: number | null; rpd: number | null; tpm: number | null; maxParallel: number | null },
  values: { [K in (typeof limitFieldNames)[number]]?: number | null } & { budgetPeriod?: string | null },
): void {
  for (const name of limitFieldNames) if (values[name] !== undefined) record[name] = values[name];
  if (values.budgetPeriod != null) record.budgetPeriod = values.budgetPeriod;
}
