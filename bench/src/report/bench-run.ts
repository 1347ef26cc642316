/** The shape of one run's JSON file under bench/results/. */
import type { BenchProfile } from '../bench-profiles.ts';
import type { CandidateName } from '../measure/candidate.ts';
import type { FixedScenario, RoundResult } from '../measure/run-rounds.ts';
import type { SoakResult } from '../measure/soak.ts';
import type { StreamCapacity } from '../measure/measure-stream-capacity.ts';

export interface Percentiles {
  p50: number;
  p99: number;
}

export interface CandidateSummary {
  requestsPerSecond: Record<FixedScenario, number>;
  c50LatencyMs: Record<FixedScenario, Percentiles>;
  /** CPU of the proxy process per request, microseconds; null for direct-to-upstream. */
  proxyCpuUsPerRequest: Record<FixedScenario, number | null>;
  upstreamCpuUsPerRequest: Record<FixedScenario, number>;
  c1LatencyMs: Percentiles;
  /** Over direct-to-upstream, same round; null for direct itself. */
  c1AddedMs: Percentiles | null;
  /** Unpaced 64-chunk streams, one at a time. */
  streamC1: { firstByteP50Ms: number; firstByteP99Ms: number; lastByteP50Ms: number; lastByteP99Ms: number };
  streamC1AddedMs: { firstByteP50: number; lastByteP50: number } | null;
  /** Paced streams at the first concurrency level. */
  pacedStreams: { level: number; firstByteP50Ms: number; firstTokenP50Ms: number; lastByteP50Ms: number; lastByteP99Ms: number } | null;
  maxPacedStreams: number;
  /** Peak RSS (VmHWM) of the proxy process before the soak; null for direct. */
  peakRssMb: number | null;
  /** Failed requests over all rounds (non-2xx, socket errors, timeouts). */
  errors: number;
}

export interface TargetCheck {
  name: string;
  target: string;
  measured: string;
  /** True/false when measured in this run; null when this mode cannot tell (e.g. too few levels). */
  met: boolean | null;
}

export interface BenchRun {
  schema: 'conduit-bench/1';
  startedAt: string;
  finishedAt: string;
  mode: BenchProfile['mode'];
  machine: { platform: string; cpus: number; cpuModel: string; totalMemoryMb: number; node: string };
  git: { commit: string | null; dirty: boolean | null };
  settings: {
    profile: BenchProfile;
    loadGenerator: 'wrk' | 'autocannon';
    /** Limit and budget fields set on the gateway's deployments and virtual key. */
    limitsApplied: string[];
    /** False when run with --no-limits (the key carries no limits or budget). */
    limits: boolean;
    gatewayEnv: Record<string, string>;
  };
  rounds: RoundResult[];
  streams: Record<CandidateName, StreamCapacity>;
  /** Peak RSS before the soak; `harness` is the load-generating process itself. */
  peakRssMb: Record<CandidateName | 'upstream' | 'harness', number | null>;
  soak: SoakResult;
  summary: Record<CandidateName, CandidateSummary>;
  /** Cores other processes on the machine kept busy during the c=50 runs: the figures' noise. */
  otherLoad: { medianCores: number; maxCores: number };
  targets: TargetCheck[];
}
