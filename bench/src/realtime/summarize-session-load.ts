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

/** What the second half's window medians say: flat, growing, or too noisy to tell (see rssTrend). */
export type RssVerdict = 'flat' | 'growing' | 'inconclusive';

export interface RssTrend {
  startMb: number | null;
  peakMb: number | null;
  endMb: number | null;
  /** Least-squares slope of every sample in the run's second half (MB per minute): flat is near 0. */
  secondHalfSlopeMbPerMinute: number | null;
  /**
   * Its standard error as if the samples were independent. They are not (one sample a second of a
   * level that moves in steps), so this understates the uncertainty; the window figures below do not.
   */
  secondHalfSlopeStdErrorMbPerMinute: number | null;
  /**
   * The slope of the lowest sample of each `windowSeconds` window in the second half: the level
   * RSS returns to between collections, which a leak raises and garbage waiting to be collected does not.
   */
  secondHalfFloorSlopeMbPerMinute: number | null;
  secondHalfFloorSlopeStdErrorMbPerMinute: number | null;
  /** The median of each whole window in the second half, oldest first. */
  secondHalfWindowMediansMb: number[];
  /**
   * The slope of those medians and its standard error from their scatter about the line. A median
   * is moved neither by the dip of a collection that hands pages back for a few seconds (which
   * drags a floor down) nor by a burst of buffers in flight; windows far apart are close to
   * independent, so this error is an honest one, and it is what the verdict uses.
   */
  secondHalfMedianSlopeMbPerMinute: number | null;
  secondHalfMedianSlopeStdErrorMbPerMinute: number | null;
  /** The growth tolerated as flat (MB per minute). */
  toleranceMbPerMinute: number;
  /**
   * `flat`: the median slope plus twice its error is within the tolerance; `growing`: the slope
   * minus twice its error is beyond it; otherwise `inconclusive` (a longer run tells).
   */
  verdict: RssVerdict;
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

function middle(sorted: readonly number[]): number {
  const half = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[half]! : (sorted[half - 1]! + sorted[half]!) / 2;
}

/** The verdict on a slope and its error against a tolerance (MB per minute); no error, no verdict. */
export function rssVerdict(slope: number | null, stdError: number | null, tolerance: number): RssVerdict {
  if (slope === null || stdError === null) return 'inconclusive';
  if (slope + 2 * stdError <= tolerance) return 'flat';
  if (slope - 2 * stdError > tolerance) return 'growing';
  return 'inconclusive';
}

/**
 * RSS over a run: start, peak, end, and its trend over the second half — of all samples, of the
 * floor and of the median of each `windowSeconds` window — and the verdict of the medians' slope
 * against `toleranceMbPerMinute`.
 */
export function rssTrend(samples: readonly RssSample[], windowSeconds = 30, toleranceMbPerMinute = 1): RssTrend {
  const nothing = { secondHalfWindowMediansMb: [], toleranceMbPerMinute, verdict: 'inconclusive' as const };
  if (samples.length === 0) {
    return {
      startMb: null,
      peakMb: null,
      endMb: null,
      secondHalfSlopeMbPerMinute: null,
      secondHalfSlopeStdErrorMbPerMinute: null,
      secondHalfFloorSlopeMbPerMinute: null,
      secondHalfFloorSlopeStdErrorMbPerMinute: null,
      secondHalfMedianSlopeMbPerMinute: null,
      secondHalfMedianSlopeStdErrorMbPerMinute: null,
      ...nothing,
    };
  }
  const mb = (bytes: number): number => bytes / 1024 / 1024;
  const halfFrom = samples[samples.length - 1]!.atSeconds / 2;
  const half = samples.filter((sample) => sample.atSeconds >= halfFrom);
  const all = leastSquares(half.map((sample) => ({ x: sample.atSeconds, y: mb(sample.rssBytes) })));
  // Whole windows only: the floor of a window cut short is higher for no reason but its length.
  const windows = Math.floor((samples[samples.length - 1]!.atSeconds - halfFrom) / windowSeconds);
  const byWindow = Array.from({ length: windows }, (): Point[] => []);
  for (const sample of half) {
    const window = Math.floor((sample.atSeconds - halfFrom) / windowSeconds);
    if (window < windows) byWindow[window]!.push({ x: sample.atSeconds, y: mb(sample.rssBytes) });
  }
  const filled = byWindow.filter((points) => points.length > 0);
  const floors = filled.map((points) => points.reduce((lowest, point) => (point.y < lowest.y ? point : lowest)));
  const medians = filled.map((points) => ({ x: (points[0]!.x + points[points.length - 1]!.x) / 2, y: middle(points.map((point) => point.y).sort((a, b) => a - b)) }));
  const floor = leastSquares(floors);
  const median = leastSquares(medians);
  const perMinute = (value: number | null | undefined): number | null => (value === null || value === undefined ? null : round(value * 60, 2));
  const medianSlope = perMinute(median?.slope);
  const medianError = perMinute(median?.stdError);
  return {
    startMb: round(mb(samples[0]!.rssBytes), 1),
    peakMb: round(Math.max(...samples.map((sample) => mb(sample.rssBytes))), 1),
    endMb: round(mb(samples[samples.length - 1]!.rssBytes), 1),
    secondHalfSlopeMbPerMinute: perMinute(all?.slope),
    secondHalfSlopeStdErrorMbPerMinute: perMinute(all?.stdError),
    secondHalfFloorSlopeMbPerMinute: perMinute(floor?.slope),
    secondHalfFloorSlopeStdErrorMbPerMinute: perMinute(floor?.stdError),
    secondHalfWindowMediansMb: medians.map((point) => round(point.y, 1)!),
    secondHalfMedianSlopeMbPerMinute: medianSlope,
    secondHalfMedianSlopeStdErrorMbPerMinute: medianError,
    toleranceMbPerMinute,
    verdict: rssVerdict(medianSlope, medianError, toleranceMbPerMinute),
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
