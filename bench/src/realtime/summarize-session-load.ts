/** Figures of a realtime run: round-trip percentiles, the gateway's added latency, CPU per session-second, RSS trend. */
import { round } from '../stats.ts';
import type { SessionLoadResult } from './realtime-session-load.ts';

export interface RoundTripFigures {
  messages: number;
  p50Ms: number | null;
  p90Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

/** Nearest-rank percentiles of a typed array (sorted as a copy, natively). */
export function roundTripFigures(values: Float64Array): RoundTripFigures {
  const sorted = Float64Array.from(values).sort();
  const at = (p: number): number | null => {
    if (sorted.length === 0) return null;
    const rank = Math.ceil((p / 100) * sorted.length);
    return round(sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!, 3);
  };
  return { messages: sorted.length, p50Ms: at(50), p90Ms: at(90), p99Ms: at(99), maxMs: sorted.length ? round(sorted[sorted.length - 1]!, 3) : null };
}

/** Gateway minus direct, per percentile: what the gateway adds to one message's round trip. */
export function addedLatency(gateway: RoundTripFigures, direct: RoundTripFigures): { p50Ms: number | null; p99Ms: number | null } {
  const minus = (left: number | null, right: number | null): number | null => (left === null || right === null ? null : round(left - right, 3));
  return { p50Ms: minus(gateway.p50Ms, direct.p50Ms), p99Ms: minus(gateway.p99Ms, direct.p99Ms) };
}

export interface RssSample {
  atSeconds: number;
  rssBytes: number;
}

export interface RssTrend {
  startMb: number | null;
  peakMb: number | null;
  endMb: number | null;
  /** Least-squares slope of every sample in the run's second half (MB per minute): flat is near 0. */
  secondHalfSlopeMbPerMinute: number | null;
  /** Its standard error: a slope within about twice this of 0 is not told apart from flat by these samples. */
  secondHalfSlopeStdErrorMbPerMinute: number | null;
  /**
   * The slope of the lowest sample of each `floorWindowSeconds` window in the second half: the level
   * RSS returns to between collections, which a leak raises and garbage waiting to be collected does not.
   */
  secondHalfFloorSlopeMbPerMinute: number | null;
}

interface Point {
  x: number;
  y: number;
}

function leastSquares(points: readonly Point[]): { slope: number; stdError: number | null } | null {
  if (points.length < 2) return null;
  const meanX = points.reduce((sum, point) => sum + point.x, 0) / points.length;
  const meanY = points.reduce((sum, point) => sum + point.y, 0) / points.length;
  const covariance = points.reduce((sum, point) => sum + (point.x - meanX) * (point.y - meanY), 0);
  const variance = points.reduce((sum, point) => sum + (point.x - meanX) ** 2, 0);
  if (variance === 0) return null;
  const slope = covariance / variance;
  if (points.length < 3) return { slope, stdError: null };
  const residuals = points.reduce((sum, point) => sum + (point.y - meanY - slope * (point.x - meanX)) ** 2, 0);
  return { slope, stdError: Math.sqrt(residuals / (points.length - 2) / variance) };
}

/**
 * RSS over a run: start, peak, end, and its trend over the second half. RSS swings by tens of MB
 * with the young generation and the buffers in flight, so the slope of all samples comes with its
 * standard error, and the slope of the per-window floors is given beside it.
 */
export function rssTrend(samples: readonly RssSample[], floorWindowSeconds = 30): RssTrend {
  if (samples.length === 0) {
    return { startMb: null, peakMb: null, endMb: null, secondHalfSlopeMbPerMinute: null, secondHalfSlopeStdErrorMbPerMinute: null, secondHalfFloorSlopeMbPerMinute: null };
  }
  const mb = (bytes: number): number => bytes / 1024 / 1024;
  const halfFrom = samples[samples.length - 1]!.atSeconds / 2;
  const half = samples.filter((sample) => sample.atSeconds >= halfFrom);
  const all = leastSquares(half.map((sample) => ({ x: sample.atSeconds, y: mb(sample.rssBytes) })));
  const floors = new Map<number, Point>();
  // Whole windows only: the floor of a window cut short is higher for no reason but its length.
  const windows = Math.floor((samples[samples.length - 1]!.atSeconds - halfFrom) / floorWindowSeconds);
  for (const sample of half) {
    const window = Math.floor((sample.atSeconds - halfFrom) / floorWindowSeconds);
    if (window >= windows) continue;
    const floor = floors.get(window);
    if (!floor || mb(sample.rssBytes) < floor.y) floors.set(window, { x: sample.atSeconds, y: mb(sample.rssBytes) });
  }
  const floor = leastSquares([...floors.values()]);
  const perMinute = (value: number | null | undefined): number | null => (value === null || value === undefined ? null : round(value * 60, 2));
  return {
    startMb: round(mb(samples[0]!.rssBytes), 1),
    peakMb: round(Math.max(...samples.map((sample) => mb(sample.rssBytes))), 1),
    endMb: round(mb(samples[samples.length - 1]!.rssBytes), 1),
    secondHalfSlopeMbPerMinute: perMinute(all?.slope),
    secondHalfSlopeStdErrorMbPerMinute: perMinute(all?.stdError),
    secondHalfFloorSlopeMbPerMinute: perMinute(floor?.slope),
  };
}

export function loadSummary(load: SessionLoadResult): Record<string, unknown> {
  return {
    sessions: load.sessions,
    connected: load.connected,
    failedSessions: load.failedSessions,
    failures: load.failures,
    connect: roundTripFigures(Float64Array.from(load.connectMs)),
    roundTrip: roundTripFigures(load.roundTripMs),
    sent: load.sent,
    echoed: load.echoed,
    lost: load.sent - load.echoed,
    stalls: load.stalls,
    stalledSessions: load.stalledSessions,
    maxGapMs: round(load.maxGapMs, 1),
    errorEvents: load.errorEvents,
    sessionSeconds: round(load.sessionSeconds, 1),
    loopDelay: load.loopDelay ?? null,
  };
}
