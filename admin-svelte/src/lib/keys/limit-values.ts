/** Budget and rate limits as a key or group form edits them. */
export type BudgetPeriod = 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'LIFETIME';

export interface LimitValues {
  maxBudget: number | null;
  budgetPeriod: BudgetPeriod;
  rpm: number | null;
  rpd: number | null;
  tpm: number | null;
  maxParallel: number | null;
}

export function limitValues(from?: Partial<LimitValues> | null): LimitValues {
  return {
    maxBudget: from?.maxBudget ?? null,
    budgetPeriod: from?.budgetPeriod ?? 'LIFETIME',
    rpm: from?.rpm ?? null,
    rpd: from?.rpd ?? null,
    tpm: from?.tpm ?? null,
    maxParallel: from?.maxParallel ?? null,
  };
}

/** The metadata field: empty → {}, else a JSON object. Throws a message for anything else. */
export function parseMetadata(text: string): Record<string, unknown> {
  if (!text.trim()) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error('Metadata is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('Metadata must be a JSON object');
  return value as Record<string, unknown>;
}
