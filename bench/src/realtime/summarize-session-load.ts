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

/** RSS at the start and end of the run's second half and its slope there (MB per minute): flat is near 0. */
export function rssTrend(samples: readonly RssSample[]): { startMb: number | null; peakMb: number | null; endMb: number | null; secondHalfSlopeMbPerMinute: number | null } {
  if (samples.length === 0) return { startMb: null, peakMb: null, endMb: null, secondHalfSlopeMbPerMinute: null };
  const mb = (bytes: number): number => bytes / 1024 / 1024;
  const half = samples.filter((sample) => sample.atSeconds >= samples[samples.length - 1]!.atSeconds / 2);
  let slope: number | null = null;
  if (half.length >= 2) {
    const meanX = half.reduce((sum, sample) => sum + sample.atSeconds, 0) / half.length;
    const meanY = half.reduce((sum, sample) => sum + mb(sample.rssBytes), 0) / half.length;
    const covariance = half.reduce((sum, sample) => sum + (sample.atSeconds - meanX) * (mb(sample.rssBytes) - meanY), 0);
    const variance = half.reduce((sum, sample) => sum + (sample.atSeconds - meanX) ** 2, 0);
    slope = variance > 0 ? round((covariance / variance) * 60, 2) : null;
  }
  return {
    startMb: round(mb(samples[0]!.rssBytes), 1),
    peakMb: round(Math.max(...samples.map((sample) => mb(sample.rssBytes))), 1),
    endMb: round(mb(samples[samples.length - 1]!.rssBytes), 1),
    secondHalfSlopeMbPerMinute: slope,
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
