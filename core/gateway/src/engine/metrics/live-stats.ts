/**
 * Live statistics across every instance: each instance counts what it served in the last second
 * (requests, errors, tokens, cost, a latency histogram) and publishes that tick on the event bus with
 * its requests in flight; a `liveStats` subscriber merges the ticks of all instances per interval.
 */
import { randomUUID } from 'node:crypto';
import { emptyLatencyHistogram, latencyBucketOf, latencyPercentile, mergeLatencyHistogram } from '../../domain/latency-histogram.ts';
import type { EventBus, LiveStatsTick } from '../../ports/event-bus.ts';

export const liveStatsTopic = 'conduit:liveStatsTick' as 'liveStatsTick';

export interface LiveStats {
  /** The end of the interval these figures cover. */
  at: Date;
  intervalSeconds: number;
  requestsPerSecond: number;
  /** Responses with status 400 or more, per second. */
  errorsPerSecond: number;
  latencyMsP50: number | null;
  latencyMsP95: number | null;
  tokensPerSecond: number;
  costPerMinute: number;
  /** Upstream calls running now, on every instance (each instance's latest report). */
  requestsInFlight: number;
  /** Instances that reported in the interval. */
  instances: number;
}

export class LiveStatsTicker {
  readonly instance = randomUUID();
  private tick = LiveStatsTicker.empty();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly events: EventBus,
    private readonly inFlight: () => number,
    private readonly tickMs = 1000,
  ) {}

  private static empty() {
    return { requests: 0, errors: 0, tokens: 0, cost: 0, latency: emptyLatencyHistogram() };
  }

  observe(request: { status: number; latencyMs: number; tokens: number; cost: number }): void {
    const tick = this.tick;
    tick.requests += 1;
    if (request.status >= 400) tick.errors += 1;
    tick.tokens += request.tokens;
    tick.cost += request.cost;
    tick.latency[latencyBucketOf(request.latencyMs)]! += 1;
  }

  start(): void {
    this.timer ??= setInterval(() => this.publish(), this.tickMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private publish(): void {
    const tick = this.tick;
    this.tick = LiveStatsTicker.empty();
    const event: LiveStatsTick = { instance: this.instance, at: Date.now(), ...tick, inFlight: this.inFlight() };
    this.events.pubSub.publish(liveStatsTopic, event);
  }
}

/** The figures of one interval from the ticks received in it. */
export function mergeLiveStats(ticks: readonly LiveStatsTick[], intervalSeconds: number, at: Date): LiveStats {
  const latency = emptyLatencyHistogram();
  const latestInFlight = new Map<string, { at: number; inFlight: number }>();
  let requests = 0;
  let errors = 0;
  let tokens = 0;
  let cost = 0;
  for (const tick of ticks) {
    requests += tick.requests;
    errors += tick.errors;
    tokens += tick.tokens;
    cost += tick.cost;
    mergeLatencyHistogram(latency, tick.latency);
    const latest = latestInFlight.get(tick.instance);
    if (!latest || latest.at <= tick.at) latestInFlight.set(tick.instance, { at: tick.at, inFlight: tick.inFlight });
  }
  let inFlight = 0;
  for (const entry of latestInFlight.values()) inFlight += entry.inFlight;
  const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;
  return {
    at,
    intervalSeconds,
    requestsPerSecond: round(requests / intervalSeconds, 3),
    errorsPerSecond: round(errors / intervalSeconds, 3),
    latencyMsP50: latencyPercentile(latency, 0.5),
    latencyMsP95: latencyPercentile(latency, 0.95),
    tokensPerSecond: round(tokens / intervalSeconds, 3),
    costPerMinute: round((cost / intervalSeconds) * 60, 9),
    requestsInFlight: inFlight,
    instances: latestInFlight.size,
  };
}
