/**
 * Where a process's RSS went, from readings of RSS beside the V8 heap figures of its /metrics: how
 * much of a change over the run's second half is V8 heap the process committed (pages V8 keeps once
 * it has grown a space) and how much lies outside it (malloc'd memory: socket and Buffer memory,
 * compiler zones, SQLite; glibc keeps what was freed for reuse rather than returning it), and the old
 * generation as each major collection left it — the live objects a JavaScript leak would grow.
 */
import { round } from '../stats.ts';
import type { GatewayMemory } from './read-gateway-memory.ts';

export interface MemorySample extends GatewayMemory {
  atSeconds: number;
  rssBytes: number;
}

export interface MemorySplit {
  /** The median of the last `windowSeconds` of readings minus that of the first of the second half (MB). */
  secondHalfChangeMb: { rss: number; heapCommitted: number; outsideHeap: number; external: number } | null;
  /** Old-generation bytes used at the first reading after each major collection (MB), with when. */
  oldSpaceAfterMajorGc: Array<{ atSeconds: number; usedMb: number }>;
  majorGcs: number;
}

const mb = (bytes: number): number => bytes / 1024 / 1024;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const half = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[half]! : (sorted[half - 1]! + sorted[half]!) / 2;
}

export function memorySplit(samples: readonly MemorySample[], windowSeconds: number): MemorySplit {
  const oldSpaceAfterMajorGc: MemorySplit['oldSpaceAfterMajorGc'] = [];
  for (let index = 1; index < samples.length; index++) {
    if (samples[index]!.majorGcs > samples[index - 1]!.majorGcs) {
      oldSpaceAfterMajorGc.push({ atSeconds: samples[index]!.atSeconds, usedMb: round(mb(samples[index]!.oldSpaceUsedBytes), 1)! });
    }
  }
  const majorGcs = samples.length > 1 ? samples[samples.length - 1]!.majorGcs - samples[0]!.majorGcs : 0;
  if (samples.length === 0) return { secondHalfChangeMb: null, oldSpaceAfterMajorGc, majorGcs };
  const end = samples[samples.length - 1]!.atSeconds;
  const halfFrom = end / 2;
  const early = samples.filter((sample) => sample.atSeconds >= halfFrom && sample.atSeconds < halfFrom + windowSeconds);
  const late = samples.filter((sample) => sample.atSeconds > end - windowSeconds);
  if (early.length === 0 || late.length === 0 || end - windowSeconds < halfFrom + windowSeconds) return { secondHalfChangeMb: null, oldSpaceAfterMajorGc, majorGcs };
  const change = (figure: (sample: MemorySample) => number): number => round(mb(median(late.map(figure)) - median(early.map(figure))), 1)!;
  return {
    secondHalfChangeMb: {
      rss: change((sample) => sample.rssBytes),
      heapCommitted: change((sample) => sample.heapTotalBytes),
      outsideHeap: change((sample) => sample.rssBytes - sample.heapTotalBytes),
      external: change((sample) => sample.externalBytes),
    },
    oldSpaceAfterMajorGc,
    majorGcs,
  };
}
