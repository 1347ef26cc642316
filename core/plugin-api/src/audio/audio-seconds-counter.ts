/**
 * Counts audio seconds from byte counts, for usage reports: add the bytes of each frame as it
 * passes, `take()` the seconds accrued since the previous take. Partial samples carry over.
 */
export interface AudioSecondsCounter {
  add(byteCount: number): void;
  /** Seconds since the previous `take`. */
  take(): number;
  /** Seconds counted in all. */
  readonly totalSeconds: number;
}

/** `bytesPerSecond`: 2 × rate for PCM16 mono, 8000 for G.711. */
export function createAudioSecondsCounter(bytesPerSecond: number): AudioSecondsCounter {
  if (!(bytesPerSecond > 0)) throw new RangeError(`bytesPerSecond must be positive (got ${bytesPerSecond})`);
  let total = 0;
  let taken = 0;
  return {
    add(byteCount) {
      if (byteCount > 0) total += byteCount;
    },
    take() {
      const seconds = (total - taken) / bytesPerSecond;
      taken = total;
      return seconds;
    },
    get totalSeconds() {
      return total / bytesPerSecond;
    },
  };
}
