/** Delay before retry `attempt` (1-based) of a webhook: doubling from the initial delay, capped at an hour, with jitter. */
export function webhookBackoffMs(attempt: number, initialDelayMs: number, random: () => number = Math.random): number {
  const base = Math.min(3_600_000, initialDelayMs * 2 ** Math.max(0, attempt - 1));
  // 80% to 120% of the base, so receivers that failed together are not retried together.
  return Math.round(base * (0.8 + 0.4 * random()));
}
