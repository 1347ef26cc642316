/** One of the three things measured side by side, and how to aim a load generator at it. */
import type { BenchModel } from '../bench-models.ts';
import { chatRequestBody } from '../load/chat-request-body.ts';
import type { LoadTarget } from '../load/load-target.ts';

export type CandidateName = 'direct' | 'floor' | 'gateway';
export const candidateNames: readonly CandidateName[] = ['direct', 'floor', 'gateway'];

export interface Candidate {
  name: CandidateName;
  origin: string;
  headers: Record<string, string>;
  /** The proxy process whose CPU and memory are read; none for direct-to-upstream. */
  pid: number | undefined;
}

export function targetFor(candidate: Candidate, model: BenchModel, stream: boolean): LoadTarget {
  return { origin: candidate.origin, path: '/v1/chat/completions', headers: candidate.headers, body: chatRequestBody(model, stream) };
}

/** A, B, C; then B, C, A; … so no candidate always runs first (on a cold cache) or last. */
export function rotated<T>(items: readonly T[], by: number): T[] {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}
