/**
 * A small fixed-bucket latency histogram: counts per bucket, so histograms from different hours and
 * instances merge by adding, and percentiles come from the merged counts. Bucket i counts latencies
 * up to `latencyBucketBoundsMs[i]`; the last bucket is everything longer.
 */
export const latencyBucketBoundsMs = [10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000, 120_000] as const;

/** How many counts a histogram holds (the bounds, plus one for everything longer). */
export const latencyBucketCount = latencyBucketBoundsMs.length + 1;

export function emptyLatencyHistogram(): number[] {
  return new Array<number>(latencyBucketCount).fill(0);
}

export function latencyBucketOf(latencyMs: number): number {
  for (let index = 0; index < latencyBucketBoundsMs.length; index++) {
    if (latencyMs <= latencyBucketBoundsMs[index]!) return index;
  }
  return latencyBucketBoundsMs.length;
}

/** Adds `from` into `into` (same length, or `from` shorter when stored by an older version). */
export function mergeLatencyHistogram(into: number[], from: readonly number[]): number[] {
  for (let index = 0; index < Math.min(into.length, from.length); index++) into[index]! += from[index] ?? 0;
  return into;
}

/**
 * The latency under which a fraction `quantile` of the counted requests fall, interpolated linearly
 * within its bucket; null for an empty histogram. The open last bucket reports its lower bound.
 */
export function latencyPercentile(histogram: readonly number[], quantile: number): number | null {
  const total = histogram.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = quantile * total;
  let below = 0;
  for (let index = 0; index < histogram.length; index++) {
    const count = histogram[index]!;
    if (count > 0 && below + count >= rank) {
      const lower = index === 0 ? 0 : latencyBucketBoundsMs[index - 1]!;
      const upper = latencyBucketBoundsMs[index];
      if (upper === undefined) return lower;
      return Math.round(lower + ((upper - lower) * (rank - below)) / count);
    }
    below += count;
  }
  return latencyBucketBoundsMs[latencyBucketBoundsMs.length - 1]!;
}
