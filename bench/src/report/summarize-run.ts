/** Turns the raw rounds into per-candidate medians, added latencies and the issue's target checks. */
import { candidateNames, type CandidateName } from '../measure/candidate.ts';
import { fixedScenarios, type FixedMeasurement, type FixedScenario, type RoundResult, type SequentialMeasurement } from '../measure/run-rounds.ts';
import type { SoakResult } from '../measure/soak.ts';
import type { StreamCapacity } from '../measure/measure-stream-capacity.ts';
import { median } from '../stats.ts';
import type { CandidateSummary, TargetCheck } from './bench-run.ts';

const fixedNames = Object.keys(fixedScenarios) as FixedScenario[];

function perScenario<T>(pick: (scenario: FixedScenario) => T): Record<FixedScenario, T> {
  return Object.fromEntries(fixedNames.map((scenario) => [scenario, pick(scenario)])) as Record<FixedScenario, T>;
}

export function otherLoad(rounds: readonly RoundResult[]): { medianCores: number; maxCores: number } {
  const cores = rounds.flatMap((round) => fixedNames.flatMap((scenario) => Object.values(round.fixed[scenario]).map((run) => run.otherCpuCores)));
  return { medianCores: median(cores), maxCores: Math.max(...cores) };
}

export function summarizeCandidates(
  rounds: readonly RoundResult[],
  streams: Record<CandidateName, StreamCapacity>,
  peakRssMb: Record<CandidateName, number | null>,
): Record<CandidateName, CandidateSummary> {
  const fixed = (name: CandidateName, scenario: FixedScenario): FixedMeasurement[] => rounds.map((round) => round.fixed[scenario][name]!);
  const c1 = (name: CandidateName): SequentialMeasurement[] => rounds.map((round) => round.sequential.c1NonStream[name]!);
  const s1 = (name: CandidateName): SequentialMeasurement[] => rounds.map((round) => round.sequential.c1Stream[name]!);
  const addedOver = (name: CandidateName, pick: (round: RoundResult, who: CandidateName) => number): number =>
    median(rounds.map((round) => pick(round, name) - pick(round, 'direct')));

  const summary = {} as Record<CandidateName, CandidateSummary>;
  for (const name of candidateNames) {
    const isDirect = name === 'direct';
    const firstLevel = streams[name].levels.find((level) => level.passed) ?? streams[name].levels[0];
    summary[name] = {
      requestsPerSecond: perScenario((scenario) => median(fixed(name, scenario).map((run) => run.requestsPerSecond))),
      c50LatencyMs: perScenario((scenario) => ({
        p50: median(fixed(name, scenario).map((run) => run.p50Ms)),
        p99: median(fixed(name, scenario).map((run) => run.p99Ms)),
      })),
      proxyCpuUsPerRequest: perScenario((scenario) => (isDirect ? null : median(fixed(name, scenario).map((run) => run.proxyCpuUsPerRequest ?? Number.NaN)))),
      upstreamCpuUsPerRequest: perScenario((scenario) => median(fixed(name, scenario).map((run) => run.upstreamCpuUsPerRequest))),
      c1LatencyMs: { p50: median(c1(name).map((run) => run.p50Ms)), p99: median(c1(name).map((run) => run.p99Ms)) },
      c1AddedMs: isDirect
        ? null
        : {
            p50: addedOver(name, (round, who) => round.sequential.c1NonStream[who]!.p50Ms),
            p99: addedOver(name, (round, who) => round.sequential.c1NonStream[who]!.p99Ms),
          },
      streamC1: {
        firstByteP50Ms: median(s1(name).map((run) => run.firstByteP50Ms)),
        firstByteP99Ms: median(s1(name).map((run) => run.firstByteP99Ms)),
        lastByteP50Ms: median(s1(name).map((run) => run.p50Ms)),
        lastByteP99Ms: median(s1(name).map((run) => run.p99Ms)),
      },
      streamC1AddedMs: isDirect
        ? null
        : {
            firstByteP50: addedOver(name, (round, who) => round.sequential.c1Stream[who]!.firstByteP50Ms),
            lastByteP50: addedOver(name, (round, who) => round.sequential.c1Stream[who]!.p50Ms),
          },
      pacedStreams: firstLevel
        ? {
            level: firstLevel.level,
            firstByteP50Ms: firstLevel.firstByteP50Ms,
            firstTokenP50Ms: firstLevel.firstTokenP50Ms,
            lastByteP50Ms: firstLevel.lastByteP50Ms,
            lastByteP99Ms: firstLevel.lastByteP99Ms,
          }
        : null,
      maxPacedStreams: streams[name].maxStreams,
      peakRssMb: isDirect ? null : peakRssMb[name],
      errors:
        rounds.reduce((sum, round) => sum + fixedNames.reduce((inner, scenario) => inner + round.fixed[scenario][name]!.errors, 0), 0) +
        rounds.reduce((sum, round) => sum + round.sequential.c1NonStream[name]!.errors + round.sequential.c1Stream[name]!.errors, 0),
    };
  }
  return summary;
}

function ratioCheck(name: string, gateway: number, floor: number, limit: number, atMost: boolean, unit: string, digits: number): TargetCheck {
  const ratio = gateway / floor;
  const met = Number.isFinite(ratio) ? (atMost ? ratio <= limit : ratio >= limit) : null;
  return {
    name,
    target: `${atMost ? '≤' : '≥'} ${limit}x floor`,
    measured: `${ratio.toFixed(2)}x (${gateway.toFixed(digits)} vs ${floor.toFixed(digits)} ${unit})`,
    met,
  };
}

export function checkTargets(
  summary: Record<CandidateName, CandidateSummary>,
  soakResult: SoakResult,
  largestLevelTried: number,
): TargetCheck[] {
  const gateway = summary.gateway;
  const floor = summary.floor;
  const streamsMet = gateway.maxPacedStreams >= 512 ? true : largestLevelTried < 512 && gateway.maxPacedStreams === largestLevelTried ? null : false;
  const growth = soakResult.growthPercent;
  const [first, last] = soakResult.marks;
  return [
    ratioCheck('Throughput c=50, non-stream', gateway.requestsPerSecond.c50NonStream, floor.requestsPerSecond.c50NonStream, 0.7, false, 'req/s', 0),
    ratioCheck('Throughput c=50, stream', gateway.requestsPerSecond.c50Stream, floor.requestsPerSecond.c50Stream, 0.7, false, 'req/s', 0),
    ratioCheck('CPU per request, non-stream', gateway.proxyCpuUsPerRequest.c50NonStream!, floor.proxyCpuUsPerRequest.c50NonStream!, 2, true, 'µs', 0),
    ratioCheck('CPU per request, stream', gateway.proxyCpuUsPerRequest.c50Stream!, floor.proxyCpuUsPerRequest.c50Stream!, 2, true, 'µs', 0),
    ratioCheck('Added median latency, c=1', gateway.c1AddedMs!.p50, floor.c1AddedMs!.p50, 1.5, true, 'ms', 3),
    {
      name: 'Concurrent paced streams without stall',
      target: '≥ 512',
      measured: `${gateway.maxPacedStreams}${streamsMet === null ? ` (levels tried up to ${largestLevelTried})` : ''}`,
      met: streamsMet,
    },
    {
      name: 'RSS growth under steady load',
      target: '≤ 10% between the marks (after collections)',
      measured:
        first && last
          ? `${growth >= 0 ? '+' : ''}${growth.toFixed(1)}% (after collections ${first.minMb.toFixed(0)} MB at ${first.atSeconds} s, ${last.minMb.toFixed(0)} MB at ${last.atSeconds} s; ` +
            `medians ${first.rssMb.toFixed(0)} and ${last.rssMb.toFixed(0)} MB, highs ${first.maxMb.toFixed(0)} and ${last.maxMb.toFixed(0)} MB)`
          : 'not measured',
      met: Number.isFinite(growth) ? Math.abs(growth) <= 10 : null,
    },
  ];
}
