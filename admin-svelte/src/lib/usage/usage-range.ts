/**
 * The time ranges the dashboard and the Usage page ask `usage` for: the last 24 hours by hour, the
 * last 7 or 30 days by day (UTC, as the rollups are), and "today" for the spend tile.
 */
export type UsageRangeName = '24h' | '7d' | '30d';

export interface UsageRange {
  from: string;
  to: string;
  bucket: 'HOUR' | 'DAY';
}

const hour = 3_600_000;
const day = 24 * hour;

export const usageRangeLabels: Record<UsageRangeName, string> = { '24h': '24 h', '7d': '7 d', '30d': '30 d' };

export function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

export function usageRange(name: UsageRangeName, now: Date): UsageRange {
  const to = now.toISOString();
  if (name === '24h') return { from: new Date(now.getTime() - 23 * hour).toISOString(), to, bucket: 'HOUR' };
  const days = name === '7d' ? 7 : 30;
  return { from: new Date(startOfUtcDay(now).getTime() - (days - 1) * day).toISOString(), to, bucket: 'DAY' };
}

/** A chosen range of whole UTC days from two yyyy-mm-dd dates (both included), by day. */
export function dayRange(fromDay: string, toDay: string): UsageRange {
  const from = new Date(`${fromDay}T00:00:00.000Z`);
  const to = new Date(new Date(`${toDay}T00:00:00.000Z`).getTime() + day);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw new Error('Choose both dates');
  if (to <= from) throw new Error('The end date is before the start date');
  return { from: from.toISOString(), to: to.toISOString(), bucket: 'DAY' };
}

/** The share of responses that were errors in a liveStats interval (0 without requests). */
export function errorRate(stats: { requestsPerSecond: number; errorsPerSecond: number }): number {
  return stats.requestsPerSecond > 0 ? Math.min(1, stats.errorsPerSecond / stats.requestsPerSecond) : 0;
}
