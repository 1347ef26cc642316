/**
 * Budget periods roll over at UTC boundaries: a day at midnight, a week on Monday (ISO weeks), a month
 * on the 1st. Each period has a key (`d:2026-01-31`, `w:2026-01-26`, `m:2026-01`, `lifetime`) under
 * which its spend is kept, so changing a key's period is exact at once.
 */
export const budgetPeriods = ['DAILY', 'WEEKLY', 'MONTHLY', 'LIFETIME'] as const;
export type BudgetPeriod = (typeof budgetPeriods)[number];

export interface PeriodWindow {
  period: BudgetPeriod;
  /** Where this period's spend is kept. */
  key: string;
  /** Epoch ms; 0 for LIFETIME. */
  start: number;
  /** Epoch ms of the next rollover; null for LIFETIME. */
  end: number | null;
}

const dayMs = 86_400_000;

/** Windows only change at midnight UTC: computed once per day and period. */
let cachedDay = -1;
const cachedWindows = new Map<BudgetPeriod, PeriodWindow>();
let cachedKeys: string[] = [];

export function periodWindow(period: BudgetPeriod, now: number): PeriodWindow {
  const day = Math.floor(now / dayMs);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedWindows.clear();
    cachedKeys = budgetPeriods.map((each) => {
      const window = computePeriodWindow(each, now);
      cachedWindows.set(each, window);
      return window.key;
    });
  }
  return cachedWindows.get(period)!;
}

function computePeriodWindow(period: BudgetPeriod, now: number): PeriodWindow {
  const date = new Date(now);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  const dayStart = Date.UTC(year, month, date.getUTCDate());
  switch (period) {
    case 'DAILY':
      return { period, key: `d:${isoDate(dayStart)}`, start: dayStart, end: dayStart + dayMs };
    case 'WEEKLY': {
      // getUTCDay: Sunday is 0; ISO weeks start on Monday.
      const start = dayStart - ((date.getUTCDay() + 6) % 7) * dayMs;
      return { period, key: `w:${isoDate(start)}`, start, end: start + 7 * dayMs };
    }
    case 'MONTHLY': {
      const start = Date.UTC(year, month, 1);
      return { period, key: `m:${isoDate(start).slice(0, 7)}`, start, end: Date.UTC(year, month + 1, 1) };
    }
    case 'LIFETIME':
      return { period, key: 'lifetime', start: 0, end: null };
  }
}

/** Every period's key at `now`: spend is recorded under all of them. */
export function allPeriodKeys(now: number): readonly string[] {
  periodWindow('LIFETIME', now);
  return cachedKeys;
}

export function describePeriod(period: BudgetPeriod): string {
  switch (period) {
    case 'DAILY':
      return 'today';
    case 'WEEKLY':
      return 'this week';
    case 'MONTHLY':
      return 'this month';
    case 'LIFETIME':
      return 'in total';
  }
}

function isoDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}
