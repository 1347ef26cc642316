import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { emptyLatencyHistogram, latencyBucketOf, latencyPercentile, mergeLatencyHistogram } from '../../src/domain/latency-histogram.ts';
import { mergeLiveStats } from '../../src/engine/metrics/live-stats.ts';
import type { LiveStatsTick } from '../../src/ports/event-bus.ts';

const histogramOf = (latencies: number[]): number[] => {
  const histogram = emptyLatencyHistogram();
  for (const latency of latencies) histogram[latencyBucketOf(latency)]! += 1;
  return histogram;
};

test('percentiles come from the bucket holding the rank, interpolated within it', () => {
  const histogram = histogramOf([...Array<number>(90).fill(40), ...Array<number>(10).fill(900)]);
  const p50 = latencyPercentile(histogram, 0.5)!;
  assert.ok(p50 > 25 && p50 <= 50, `p50 ${p50}`);
  const p95 = latencyPercentile(histogram, 0.95)!;
  assert.ok(p95 > 500 && p95 <= 1000, `p95 ${p95}`);
  assert.is(latencyPercentile(emptyLatencyHistogram(), 0.5), null);
  assert.is(latencyPercentile(histogramOf([1_000_000]), 0.95), 120_000, 'the open bucket reports its lower bound');
});

test('histograms merge by adding: the merge of two halves equals the histogram of the whole', () => {
  const first = [5, 30, 70, 400, 2000];
  const second = [15, 60, 3000, 9000, 45_000];
  assert.equal(mergeLatencyHistogram(histogramOf(first), histogramOf(second)), histogramOf([...first, ...second]));
});

const tick = (instance: string, at: number, values: Partial<LiveStatsTick>): LiveStatsTick => ({
  instance,
  at,
  requests: 0,
  errors: 0,
  tokens: 0,
  cost: 0,
  latency: emptyLatencyHistogram(),
  inFlight: 0,
  ...values,
});

test('live stats merge every instance’s ticks; in flight is the sum of each instance’s latest report', () => {
  const stats = mergeLiveStats(
    [
      tick('a', 1000, { requests: 10, errors: 1, tokens: 500, cost: 0.01, latency: histogramOf(Array<number>(10).fill(80)), inFlight: 7 }),
      tick('b', 1100, { requests: 20, errors: 3, tokens: 1500, cost: 0.02, latency: histogramOf(Array<number>(20).fill(80)), inFlight: 2 }),
      tick('a', 2000, { requests: 10, tokens: 0, inFlight: 4, latency: histogramOf(Array<number>(10).fill(80)) }),
    ],
    2,
    new Date(3000),
  );
  assert.is(stats.requestsPerSecond, 20);
  assert.is(stats.errorsPerSecond, 2);
  assert.is(stats.tokensPerSecond, 1000);
  assert.is(stats.costPerMinute, 0.9);
  assert.is(stats.requestsInFlight, 6);
  assert.is(stats.instances, 2);
  assert.ok(stats.latencyMsP50! > 50 && stats.latencyMsP50! <= 100);
});

test('an interval without ticks reports zeros and no latency', () => {
  const stats = mergeLiveStats([], 5, new Date());
  assert.is(stats.requestsPerSecond, 0);
  assert.is(stats.latencyMsP95, null);
  assert.is(stats.instances, 0);
});

test.run();
