/**
 * The interleaved rounds: in each round every scenario runs against every candidate, in an order
 * that rotates from round to round. Fixed-concurrency runs read the proxy's and the upstream's CPU
 * time from /proc around the run; one-at-a-time runs are hand-timed.
 */
import { benchModels, type BenchModel } from '../bench-models.ts';
import type { BenchProfile } from '../bench-profiles.ts';
import type { LoadResult, LoadTarget } from '../load/load-target.ts';
import { sequentialProbe } from '../load/sequential-probe.ts';
import { percentile } from '../stats.ts';
import { rotated, targetFor, type Candidate, type CandidateName } from './candidate.ts';
import { readMachineBusyMs, readProcessStats, readSelfCpuWithReapedChildrenMs } from './process-stats.ts';

export type LoadRunner = (target: LoadTarget, connections: number, seconds: number) => Promise<LoadResult>;

export const fixedScenarios = {
  c50NonStream: { model: benchModels.zero, stream: false },
  c50Stream: { model: benchModels.zero, stream: true },
  c50Delay20: { model: benchModels.delay20, stream: false },
} as const satisfies Record<string, { model: BenchModel; stream: boolean }>;

export const sequentialScenarios = {
  c1NonStream: { model: benchModels.zero, stream: false },
  c1Stream: { model: benchModels.zero, stream: true },
} as const satisfies Record<string, { model: BenchModel; stream: boolean }>;

export type FixedScenario = keyof typeof fixedScenarios;
export type SequentialScenario = keyof typeof sequentialScenarios;

export interface FixedMeasurement extends LoadResult {
  /** CPU time of the proxy process during the run (null for direct), ms. */
  proxyCpuMs: number | null;
  upstreamCpuMs: number;
  proxyCpuUsPerRequest: number | null;
  upstreamCpuUsPerRequest: number;
  /** Cores kept busy by processes outside the benchmark during the run (a noise gauge). */
  otherCpuCores: number;
}

export interface SequentialMeasurement {
  requests: number;
  errors: number;
  firstError?: string;
  p50Ms: number;
  p99Ms: number;
  firstByteP50Ms: number;
  firstByteP99Ms: number;
}

export interface RoundResult {
  round: number;
  fixed: Record<FixedScenario, Partial<Record<CandidateName, FixedMeasurement>>>;
  sequential: Record<SequentialScenario, Partial<Record<CandidateName, SequentialMeasurement>>>;
}

export interface RoundsContext {
  candidates: readonly Candidate[];
  upstreamPid: number;
  /** Every process the benchmark started, for telling its CPU use from other work on the machine. */
  ownPids: readonly number[];
  profile: BenchProfile;
  runLoad: LoadRunner;
  log(line: string): void;
}

export async function warmUp(context: RoundsContext): Promise<void> {
  if (context.profile.warmupSeconds <= 0) return;
  // Direct needs none: the upstream is warmed through the proxies.
  for (const candidate of context.candidates.filter((one) => one.name !== 'direct')) {
    for (const stream of [false, true]) {
      await context.runLoad(targetFor(candidate, benchModels.zero, stream), context.profile.connections, context.profile.warmupSeconds);
    }
  }
}

export async function runRounds(context: RoundsContext): Promise<RoundResult[]> {
  const rounds: RoundResult[] = [];
  for (let round = 0; round < context.profile.rounds; round++) {
    const result: RoundResult = {
      round: round + 1,
      fixed: { c50NonStream: {}, c50Stream: {}, c50Delay20: {} },
      sequential: { c1NonStream: {}, c1Stream: {} },
    };
    const fixedNames = Object.keys(fixedScenarios) as FixedScenario[];
    for (const [index, scenario] of fixedNames.entries()) {
      for (const candidate of rotated(context.candidates, round + index)) {
        result.fixed[scenario][candidate.name] = await measureFixed(context, candidate, scenario);
      }
    }
    const sequentialNames = Object.keys(sequentialScenarios) as SequentialScenario[];
    for (const [index, scenario] of sequentialNames.entries()) {
      for (const candidate of rotated(context.candidates, round + index)) {
        result.sequential[scenario][candidate.name] = await measureSequential(context, candidate, scenario);
      }
    }
    context.log(`round ${round + 1}/${context.profile.rounds}: ${describeRound(result)}`);
    rounds.push(result);
  }
  return rounds;
}

async function measureFixed(context: RoundsContext, candidate: Candidate, scenario: FixedScenario): Promise<FixedMeasurement> {
  const { model, stream } = fixedScenarios[scenario];
  const { profile } = context;
  const proxyBefore = candidate.pid === undefined ? undefined : readProcessStats(candidate.pid);
  const upstreamBefore = readProcessStats(context.upstreamPid);
  const ownCpu = (): number => context.ownPids.reduce((sum, pid) => sum + readProcessStats(pid).cpuMs, readSelfCpuWithReapedChildrenMs());
  const machineBefore = readMachineBusyMs();
  const ownBefore = ownCpu();
  const startedAt = performance.now();
  const load = await context.runLoad(targetFor(candidate, model, stream), profile.connections, profile.loadSeconds);
  await new Promise((resolve) => setTimeout(resolve, profile.settleMs));
  const otherCpuCores = (readMachineBusyMs() - machineBefore - (ownCpu() - ownBefore)) / (performance.now() - startedAt);
  const proxyCpuMs = candidate.pid === undefined || !proxyBefore ? null : readProcessStats(candidate.pid).cpuMs - proxyBefore.cpuMs;
  const upstreamCpuMs = readProcessStats(context.upstreamPid).cpuMs - upstreamBefore.cpuMs;
  const perRequest = (cpuMs: number): number => (load.requests > 0 ? (cpuMs * 1000) / load.requests : Number.NaN);
  return {
    ...load,
    proxyCpuMs,
    upstreamCpuMs,
    proxyCpuUsPerRequest: proxyCpuMs === null ? null : perRequest(proxyCpuMs),
    upstreamCpuUsPerRequest: perRequest(upstreamCpuMs),
    otherCpuCores: Math.max(0, otherCpuCores),
  };
}

async function measureSequential(context: RoundsContext, candidate: Candidate, scenario: SequentialScenario): Promise<SequentialMeasurement> {
  const { model, stream } = sequentialScenarios[scenario];
  const { profile } = context;
  const requests = stream ? profile.sequentialStreamRequests : profile.sequentialRequests;
  const probe = await sequentialProbe(targetFor(candidate, model, stream), requests, profile.sequentialWarmup);
  return {
    requests: probe.requests,
    errors: probe.errors,
    ...(probe.firstError ? { firstError: probe.firstError } : {}),
    p50Ms: percentile(probe.totalMs, 50),
    p99Ms: percentile(probe.totalMs, 99),
    firstByteP50Ms: percentile(probe.firstByteMs, 50),
    firstByteP99Ms: percentile(probe.firstByteMs, 99),
  };
}

function describeRound(result: RoundResult): string {
  return Object.entries(result.fixed.c50NonStream)
    .map(([name, measurement]) => `${name} ${Math.round(measurement.requestsPerSecond)} req/s`)
    .join(', ');
}
