/**
 * Latency at one request at a time over one keep-alive connection, hand-timed to the microsecond
 * (autocannon rounds to whole milliseconds, which hides sub-millisecond overheads).
 */
import { Agent } from 'node:http';
import type { LoadTarget } from './load-target.ts';
import { timedRequest } from './timed-request.ts';

export interface SequentialResult {
  requests: number;
  errors: number;
  firstError?: string;
  /** Per request, milliseconds: complete answer, first body byte. */
  totalMs: number[];
  firstByteMs: number[];
}

export async function sequentialProbe(target: LoadTarget, requests: number, warmup: number): Promise<SequentialResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const result: SequentialResult = { requests: 0, errors: 0, totalMs: [], firstByteMs: [] };
  try {
    for (let index = 0; index < warmup + requests; index++) {
      const response = await timedRequest(target, agent);
      if (index < warmup) continue;
      result.requests += 1;
      if (response.error) {
        result.errors += 1;
        result.firstError ??= response.error;
        continue;
      }
      result.totalMs.push(response.lastByteMs);
      result.firstByteMs.push(response.firstByteMs);
    }
  } finally {
    agent.destroy();
  }
  return result;
}
