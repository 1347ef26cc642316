/**
 * Steady load on the gateway alone (c=50 non-stream plus a set of paced streams, reopened as they
 * end), reading its RSS every second or so. RSS under load saw-tooths with garbage collection: it
 * climbs by 100-200 MB over 10-20 s as the old generation fills, then drops back when a major
 * collection runs. A single sample, or even the median of a window, says more about where in that
 * cycle the mark fell than about growth. Growth is judged on the lowest sample of the window before
 * each mark (the window spans more than one cycle): the level RSS returns to after a collection,
 * which is what a leak raises. Medians and highs are kept alongside.
 */
import { Agent } from 'node:http';
import { benchModels } from '../bench-models.ts';
import type { BenchProfile } from '../bench-profiles.ts';
import { streamCompleted } from '../load/paced-streams-probe.ts';
import { timedRequest } from '../load/timed-request.ts';
import { median, round } from '../stats.ts';
import { targetFor, type Candidate } from './candidate.ts';
import { readProcessStats } from './process-stats.ts';
import type { LoadRunner } from './run-rounds.ts';

export interface SoakMark {
  atSeconds: number;
  /** Median RSS over the window ending at the mark. */
  rssMb: number;
  /** The lowest RSS in the window: after a collection. */
  minMb: number;
  maxMb: number;
  windowSeconds: number;
}

export interface SoakResult {
  seconds: number;
  marks: SoakMark[];
  series: Array<{ atSeconds: number; rssMb: number }>;
  requests: number;
  requestsPerSecond: number;
  errors: number;
  streamsCompleted: number;
  streamErrors: number;
  /** (last mark - first mark) / first mark, percent, on the windows' lowest samples (after collections). */
  growthPercent: number;
  /** The same on the window medians, which move with the collection cycle. */
  medianGrowthPercent: number;
}

const megabyte = 1024 * 1024;

export async function soak(gateway: Candidate, profile: BenchProfile, runLoad: LoadRunner): Promise<SoakResult> {
  const pid = gateway.pid!;
  const [firstMark, lastMark] = profile.soakMarksSeconds;
  const windowSeconds = firstMark / 2;
  const seconds = lastMark + 1;
  const started = performance.now();
  const elapsed = (): number => (performance.now() - started) / 1000;

  const samples: Array<{ at: number; rssMb: number }> = [];
  const sampleEveryMs = Math.max(250, Math.min(1000, (firstMark * 1000) / 20));
  const sampler = setInterval(() => samples.push({ at: elapsed(), rssMb: readProcessStats(pid).rssBytes / megabyte }), sampleEveryMs);

  const deadline = started + seconds * 1000;
  const streams = { completed: 0, errors: 0 };
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const streamLoop = async (): Promise<void> => {
    const target = targetFor(gateway, benchModels.paced, true);
    while (performance.now() < deadline) {
      const response = await timedRequest(target, agent, 60_000);
      if (streamCompleted(response)) streams.completed += 1;
      else streams.errors += 1;
    }
  };
  let load;
  try {
    [load] = await Promise.all([
      runLoad(targetFor(gateway, benchModels.zero, false), profile.connections, seconds),
      ...Array.from({ length: profile.soakStreams }, streamLoop),
    ]);
  } finally {
    clearInterval(sampler);
    agent.destroy();
  }
  const marks = [firstMark, lastMark].map((at): SoakMark => {
    const inWindow = samples.filter((sample) => sample.at > at - windowSeconds && sample.at <= at).map((sample) => sample.rssMb);
    return { atSeconds: at, rssMb: median(inWindow), minMb: Math.min(...inWindow), maxMb: Math.max(...inWindow), windowSeconds };
  });
  const [first, last] = marks;
  return {
    seconds,
    marks,
    series: samples.map((sample) => ({ atSeconds: round(sample.at, 1) ?? 0, rssMb: round(sample.rssMb, 1) ?? 0 })),
    requests: load.requests,
    requestsPerSecond: load.requestsPerSecond,
    errors: load.errors,
    streamsCompleted: streams.completed,
    streamErrors: streams.errors,
    growthPercent: ((last!.minMb - first!.minMb) / first!.minMb) * 100,
    medianGrowthPercent: ((last!.rssMb - first!.rssMb) / first!.rssMb) * 100,
  };
}
