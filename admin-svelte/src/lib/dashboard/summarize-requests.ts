/** Figures over a list of recent requests, for the dashboard until the live statistics API serves them. */
export interface RequestFigures {
  count: number;
  errors: number;
  /** 0..1; 0 for no requests. */
  errorRate: number;
  /** Nearest-rank 95th percentile of latency; undefined for no requests. */
  p95LatencyMs: number | undefined;
  cost: number;
  tokens: number;
}

export function summarizeRequests(rows: ReadonlyArray<{ status: number; latencyMs: number; cost: number; totalTokens?: number | null }>): RequestFigures {
  const latencies = rows.map((row) => row.latencyMs).sort((a, b) => a - b);
  const errors = rows.filter((row) => row.status >= 400).length;
  return {
    count: rows.length,
    errors,
    errorRate: rows.length ? errors / rows.length : 0,
    p95LatencyMs: latencies.length ? latencies[Math.ceil(0.95 * latencies.length) - 1] : undefined,
    cost: rows.reduce((sum, row) => sum + row.cost, 0),
    tokens: rows.reduce((sum, row) => sum + (row.totalTokens ?? 0), 0),
  };
}

/** The keys that spent most this period, highest first. */
export function topSpenders<T extends { spendThisPeriod: number }>(keys: readonly T[], limit = 5): T[] {
  return [...keys].filter((key) => key.spendThisPeriod > 0).sort((a, b) => b.spendThisPeriod - a.spendThisPeriod).slice(0, limit);
}
