/**
 * Time spent waiting on the upstream, so that `x-conduit-overhead-ms` can say how long the gateway
 * itself took: everything from the request's arrival to the response head, minus these waits
 * (which include the provider plugin reading the upstream's answer, and backoff between retries).
 */
import { performance } from 'node:perf_hooks';
import { UpstreamFailure, type Attempted } from '../../engine/routing/upstream-failure.ts';
import type { RequestRecord } from '../../engine/usage/request-record.ts';
import type { Exchange } from '../exchange.ts';

/**
 * Waits for the router's attempt. The wait counts as upstream time, and the request record notes
 * which deployment served (or last failed) and after how many tries.
 */
export async function awaitUpstream<A extends Attempted<unknown>>(exchange: Exchange, record: RequestRecord, attempt: Promise<A>): Promise<A> {
  const started = performance.now();
  try {
    const result = await attempt;
    record.route = result.route;
    record.attempts = result.attempts;
    return result;
  } catch (error) {
    if (error instanceof UpstreamFailure) {
      record.route = error.route;
      record.attempts = error.attempts;
    }
    throw error;
  } finally {
    exchange.upstreamMs += performance.now() - started;
  }
}

/** The gateway's own time so far: since arrival, minus the waits on the upstream. */
export function overheadMs(exchange: Exchange): number {
  return Math.max(0, performance.now() - exchange.startedAt - exchange.upstreamMs);
}

/** Sets `x-conduit-overhead-ms` for a response whose head has not been sent yet. */
export function setOverheadHeader(exchange: Exchange): void {
  exchange.head.set('x-conduit-overhead-ms', hundredths(overheadMs(exchange)));
}

/** A non-negative number with two decimals, as `toFixed(2)` writes it, without its runtime call. */
export function hundredths(value: number): string {
  const scaled = value * 100;
  // `* 100` can round a product just below k + 0.5 up to exactly k + 0.5 (0.995 → 99.5); toFixed,
  // which rounds the exact value, decides those. No other product crosses a rounding boundary.
  if (scaled - Math.floor(scaled) === 0.5 || !(scaled < 2 ** 52)) return value.toFixed(2);
  const total = Math.round(scaled);
  const whole = Math.floor(total / 100);
  const fraction = total - whole * 100;
  return `${whole}.${fraction < 10 ? '0' : ''}${fraction}`;
}
