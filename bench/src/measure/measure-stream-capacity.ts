/**
 * The largest number of concurrent paced streams each candidate relays without a stall or an error:
 * levels in increasing order, candidates interleaved at each level; a candidate stops at its first
 * failing level.
 */
import { benchModels } from '../bench-models.ts';
import type { BenchProfile } from '../bench-profiles.ts';
import { pacedStreamsProbe, type PacedStreamsResult } from '../load/paced-streams-probe.ts';
import { rotated, targetFor, type Candidate, type CandidateName } from './candidate.ts';

export interface StreamLevelResult extends PacedStreamsResult {
  level: number;
  /** 1, or 2 when the first attempt failed and the level was tried again. */
  attempt: number;
}

export interface StreamCapacity {
  levels: StreamLevelResult[];
  /** Largest level passed with every lower level passed too; 0 when the first failed. */
  maxStreams: number;
}

export async function measureStreamCapacity(
  candidates: readonly Candidate[],
  profile: BenchProfile,
  log: (line: string) => void,
): Promise<Record<CandidateName, StreamCapacity>> {
  const capacity = Object.fromEntries(candidates.map((candidate) => [candidate.name, { levels: [], maxStreams: 0 }])) as unknown as Record<
    CandidateName,
    StreamCapacity
  >;
  const failed = new Set<CandidateName>();
  for (const [index, level] of profile.streamLevels.entries()) {
    const results: string[] = [];
    for (const candidate of rotated(candidates, index)) {
      if (failed.has(candidate.name)) continue;
      // This machine is shared and noisy: a failed level gets one more try before it counts.
      const attempts = profile.retryStreamLevel ? 2 : 1;
      for (let attempt = 1; attempt <= attempts; attempt++) {
        const result = await pacedStreamsProbe(targetFor(candidate, benchModels.paced, true), level);
        capacity[candidate.name].levels.push({ level, attempt, ...result });
        results.push(`${candidate.name}${attempt > 1 ? ' (again)' : ''} ${result.passed ? 'ok' : 'FAIL'} (max gap ${Math.round(result.maxGapMs)} ms, ${result.errors} errors)`);
        // Let the sockets of this level close before the next run opens its own.
        await new Promise((resolve) => setTimeout(resolve, 200));
        if (result.passed) {
          capacity[candidate.name].maxStreams = level;
          break;
        }
        if (attempt === attempts) failed.add(candidate.name);
      }
    }
    log(`${level} paced streams: ${results.join(', ')}`);
  }
  return capacity;
}
