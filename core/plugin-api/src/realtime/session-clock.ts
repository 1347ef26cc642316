/**
 * A billing clock for providers priced by session time: it reports `billedSeconds` through
 * `report` as the session runs, so the gateway can settle it while it lasts.
 *
 * - `mode: 'per-started-increment'` (Ultravox: every started 6 s is billed): one increment at
 *   start, another each time an increment begins; nothing at stop (the started one was billed).
 * - `mode: 'elapsed'` (prorated): the time elapsed, every `reportEverySeconds`, and the rest at stop.
 */
export interface SessionClockOptions {
  mode: 'per-started-increment' | 'elapsed';
  /** The billing increment (per-started-increment) or the report interval (elapsed), in seconds. */
  incrementSeconds: number;
  report(billedSeconds: number): void;
  /** For tests: the clock's time source in ms. Default `performance.now`. */
  now?: () => number;
}

export interface SessionClock {
  /** Stops the clock, reporting what is still owed; idempotent. Returns the seconds billed in all. */
  stop(): number;
  readonly billedSeconds: number;
}

export function startSessionClock(options: SessionClockOptions): SessionClock {
  if (!(options.incrementSeconds > 0)) throw new RangeError(`incrementSeconds must be positive (got ${options.incrementSeconds})`);
  const now = options.now ?? (() => performance.now());
  const incrementMs = options.incrementSeconds * 1000;
  const startedAt = now();
  let billed = 0;
  let stopped = false;
  const bill = (seconds: number): void => {
    if (seconds <= 0) return;
    billed += seconds;
    options.report(seconds);
  };
  if (options.mode === 'per-started-increment') bill(options.incrementSeconds);
  const timer = setInterval(() => {
    if (options.mode === 'per-started-increment') bill(options.incrementSeconds);
    else bill((now() - startedAt) / 1000 - billed);
  }, incrementMs);
  timer.unref();
  return {
    stop() {
      if (stopped) return billed;
      stopped = true;
      clearInterval(timer);
      if (options.mode === 'elapsed') bill((now() - startedAt) / 1000 - billed);
      else {
        // A timer can fire late: bill every increment that had started by now.
        const started = Math.max(1, Math.ceil((now() - startedAt) / incrementMs - 1e-9));
        bill(started * options.incrementSeconds - billed);
      }
      return billed;
    },
    get billedSeconds() {
      return billed;
    },
  };
}
