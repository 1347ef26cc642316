/**
 * One whole benchmark run: start the candidates, check them, warm them up, run the interleaved
 * rounds, find each one's paced-stream capacity, read peak memory, soak the gateway, stop everything
 * and summarise.
 */
import type { BenchProfile } from '../bench-profiles.ts';
import type { LoadResult, LoadTarget } from '../load/load-target.ts';
import { runAutocannon } from '../load/run-autocannon.ts';
import { runWrk } from '../load/run-wrk.ts';
import type { BenchRun } from '../report/bench-run.ts';
import { gitInfo, machineInfo } from '../report/run-metadata.ts';
import { checkTargets, otherLoad, summarizeCandidates } from '../report/summarize-run.ts';
import { checkCandidates } from './check-candidates.ts';
import { readProcessStats } from './process-stats.ts';
import { runRounds, warmUp } from './run-rounds.ts';
import { soak } from './soak.ts';
import { repositoryRoot, startCandidates } from './start-candidates.ts';
import { measureStreamCapacity } from './measure-stream-capacity.ts';

export interface BenchmarkOptions {
  profile: BenchProfile;
  loadGenerator: 'wrk' | 'autocannon';
  gatewayEnv: Record<string, string>;
  /** Set generous rate limits and a budget on the key (the realistic path); false measures without. */
  limits: boolean;
  log(line: string): void;
}

const megabyte = 1024 * 1024;

export async function runBenchmark(options: BenchmarkOptions): Promise<BenchRun> {
  const { profile, log } = options;
  const startedAt = new Date().toISOString();
  // Read before the gateway starts: the code it runs is the code of this moment.
  const git = gitInfo(repositoryRoot);
  const runLoad = (target: LoadTarget, connections: number, seconds: number): Promise<LoadResult> =>
    options.loadGenerator === 'wrk' ? runWrk(target, connections, seconds) : runAutocannon(target, connections, seconds);

  log(`starting the fake upstream, the floor proxy and the gateway (${profile.mode} run, load by ${options.loadGenerator})`);
  const started = await startCandidates({ gatewayEnv: options.gatewayEnv, limits: options.limits });
  try {
    const { candidates } = started;
    const gateway = candidates.find((candidate) => candidate.name === 'gateway')!;
    log(`gateway limits set: ${started.gateway.limitsApplied.join(', ') || 'none in the schema'}`);
    await checkCandidates(candidates);
    const ownPids = [started.upstream.pid, started.floor.pid, gateway.pid!];
    const context = { candidates, upstreamPid: started.upstream.pid, ownPids, profile, runLoad, log };
    await warmUp(context);
    const rounds = await runRounds(context);
    const streams = await measureStreamCapacity(candidates, profile, log);
    const peak = (pid: number | undefined): number | null => (pid === undefined ? null : readProcessStats(pid).peakRssBytes / megabyte);
    const peakRssMb = {
      direct: null,
      floor: peak(started.floor.pid),
      gateway: peak(gateway.pid),
      upstream: peak(started.upstream.pid),
      harness: process.resourceUsage().maxRSS / 1024,
    };
    log(`soaking the gateway for ${profile.soakMarksSeconds[1]} s`);
    const soakResult = await soak(gateway, profile, runLoad);
    const summary = summarizeCandidates(rounds, streams, peakRssMb);
    return {
      schema: 'conduit-bench/1',
      startedAt,
      finishedAt: new Date().toISOString(),
      mode: profile.mode,
      machine: machineInfo(),
      git,
      settings: {
        profile,
        loadGenerator: options.loadGenerator,
        limitsApplied: started.gateway.limitsApplied,
        limits: options.limits,
        gatewayEnv: options.gatewayEnv,
      },
      rounds,
      streams,
      peakRssMb,
      soak: soakResult,
      summary,
      otherLoad: otherLoad(rounds),
      targets: checkTargets(summary, soakResult, Math.max(...profile.streamLevels)),
    };
  } finally {
    await started.stop();
  }
}
