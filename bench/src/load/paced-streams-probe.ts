/**
 * Opens `count` paced streams at once (ramped over a few milliseconds per batch of 64) with raw
 * node:http clients, and checks every one: HTTP 200, all events, `[DONE]`, and no gap between two
 * arrivals longer than the stall limit. Only a few numbers are kept per stream, so 1024 streams cost
 * the load generator little memory.
 */
import { Agent } from 'node:http';
import { stallGapMs, streamChunkCount } from '../bench-models.ts';
import { percentile } from '../stats.ts';
import type { LoadTarget } from './load-target.ts';
import { timedRequest, type TimedResponse } from './timed-request.ts';

export interface PacedStreamsResult {
  streams: number;
  completed: number;
  errors: number;
  firstError?: string;
  /** Streams with a gap over the stall limit. */
  stalled: number;
  maxGapMs: number;
  p99GapMs: number;
  firstByteP50Ms: number;
  firstByteP99Ms: number;
  firstTokenP50Ms: number;
  firstTokenP99Ms: number;
  lastByteP50Ms: number;
  lastByteP99Ms: number;
  passed: boolean;
}

const batchSize = 64;
const batchIntervalMs = 10;

export async function pacedStreamsProbe(target: LoadTarget, count: number): Promise<PacedStreamsResult> {
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  const pending: Array<Promise<TimedResponse>> = [];
  try {
    for (let index = 0; index < count; index++) {
      if (index > 0 && index % batchSize === 0) await new Promise((resolve) => setTimeout(resolve, batchIntervalMs));
      pending.push(timedRequest(target, agent, 120_000));
    }
    return summarize(await Promise.all(pending));
  } finally {
    agent.destroy();
  }
}

export function streamCompleted(response: TimedResponse): boolean {
  return response.error === undefined && response.status === 200 && response.done && response.events >= streamChunkCount;
}

function summarize(responses: readonly TimedResponse[]): PacedStreamsResult {
  const ok = responses.filter(streamCompleted);
  const failed = responses.find((response) => !streamCompleted(response));
  const gaps = ok.map((response) => response.maxGapMs);
  const stalled = gaps.filter((gap) => gap > stallGapMs).length;
  const errors = responses.length - ok.length;
  return {
    streams: responses.length,
    completed: ok.length,
    errors,
    firstError: failed ? (failed.error ?? `incomplete stream: ${failed.events} events, [DONE] ${failed.done ? 'seen' : 'missing'}`) : undefined,
    stalled,
    maxGapMs: gaps.length ? Math.max(...gaps) : Number.NaN,
    p99GapMs: percentile(gaps, 99),
    firstByteP50Ms: percentile(ok.map((response) => response.firstByteMs), 50),
    firstByteP99Ms: percentile(ok.map((response) => response.firstByteMs), 99),
    firstTokenP50Ms: percentile(ok.map((response) => response.firstTokenMs), 50),
    firstTokenP99Ms: percentile(ok.map((response) => response.firstTokenMs), 99),
    lastByteP50Ms: percentile(ok.map((response) => response.lastByteMs), 50),
    lastByteP99Ms: percentile(ok.map((response) => response.lastByteMs), 99),
    passed: errors === 0 && stalled === 0,
  };
}
