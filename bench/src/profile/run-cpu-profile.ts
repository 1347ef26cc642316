/**
 * `npm run bench -- --profile`: the gateway under `node --cpu-prof` while it takes c=50 load, first
 * non-stream then stream; the profile is cut to each load window (V8 stamps samples with the same
 * monotonic clock as process.hrtime) and summarised.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { benchModels } from '../bench-models.ts';
import type { LoadResult, LoadTarget } from '../load/load-target.ts';
import { targetFor } from '../measure/candidate.ts';
import { checkCandidates } from '../measure/check-candidates.ts';
import { startCandidates } from '../measure/start-candidates.ts';
import { summarizeCpuProfile, type CpuProfile, type ProfileSummary } from './summarize-cpu-profile.ts';

export interface CpuProfileRun {
  profileFile: string;
  /** The load phases, in the profiler's clock (µs), to cut the profile again later. */
  windows: { nonStream: { fromUs: number; toUs: number }; stream: { fromUs: number; toUs: number } };
  loads: { nonStream: LoadResult; stream: LoadResult };
  nonStream: ProfileSummary;
  stream: ProfileSummary;
}

export interface CpuProfileOptions {
  seconds: number;
  runLoad(target: LoadTarget, connections: number, seconds: number): Promise<LoadResult>;
  gatewayEnv: Record<string, string>;
  limits: boolean;
  log(line: string): void;
}

const nowUs = (): number => Number(process.hrtime.bigint() / 1000n);

export async function runCpuProfile(options: CpuProfileOptions): Promise<CpuProfileRun> {
  const directory = mkdtempSync(path.join(tmpdir(), 'conduit-bench-cpuprof-'));
  const started = await startCandidates({ gatewayEnv: options.gatewayEnv, limits: options.limits, cpuProfileDir: directory });
  let windows: { nonStream: { fromUs: number; toUs: number }; stream: { fromUs: number; toUs: number } };
  let loads: CpuProfileRun['loads'];
  try {
    const gateway = started.candidates.find((candidate) => candidate.name === 'gateway')!;
    await checkCandidates([gateway]);
    options.log('warming up the gateway');
    await options.runLoad(targetFor(gateway, benchModels.zero, false), 50, 3);
    await options.runLoad(targetFor(gateway, benchModels.zero, true), 50, 2);
    options.log(`profiling ${options.seconds} s of non-stream load, then ${options.seconds} s of stream load`);
    const measure = async (stream: boolean): Promise<[LoadResult, { fromUs: number; toUs: number }]> => {
      const fromUs = nowUs();
      const load = await options.runLoad(targetFor(gateway, benchModels.zero, stream), 50, options.seconds);
      return [load, { fromUs, toUs: nowUs() }];
    };
    const [nonStreamLoad, nonStreamWindow] = await measure(false);
    const [streamLoad, streamWindow] = await measure(true);
    loads = { nonStream: nonStreamLoad, stream: streamLoad };
    windows = { nonStream: nonStreamWindow, stream: streamWindow };
  } finally {
    await started.stop();
  }

  // The loader thread tsx registers may write a profile too; the gateway's is the busy one.
  const candidates = readdirSync(directory).filter((name) => name.endsWith('.cpuprofile'));
  if (candidates.length === 0) throw new Error(`the gateway wrote no CPU profile into ${directory}`);
  const profiled = candidates
    .map((name) => {
      const file = path.join(directory, name);
      const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
      return { file, profile, nonStream: summarizeCpuProfile(profile, windows.nonStream) };
    })
    .sort((a, b) => b.nonStream.busyMs - a.nonStream.busyMs)[0]!;
  return {
    profileFile: profiled.file,
    windows,
    loads,
    nonStream: profiled.nonStream,
    stream: summarizeCpuProfile(profiled.profile, windows.stream),
  };
}
