/**
 * Speech relayed as a stream: time to the first audio byte, direct to the fake upstream and through
 * the gateway, measured one request at a time on a keep-alive connection each, the two alternating so
 * that both see the same machine. The fake sends its first piece at once and the rest 10 ms apart, so
 * a relay that waited for the whole answer would show ~40 ms more; the gateway's cost is the difference.
 */
import { Agent } from 'node:http';
import { timedRequest } from '../load/timed-request.ts';
import type { LoadTarget } from '../load/load-target.ts';
import { median, percentile } from '../stats.ts';

export interface FirstByteFigures {
  samples: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  /** Time to the last byte, median: shows the bytes kept arriving after the first. */
  lastByteP50Ms: number;
  errors: number;
}

export interface SpeechFirstByte {
  direct: FirstByteFigures;
  gateway: FirstByteFigures;
  /** gateway p50 − direct p50. */
  addedP50Ms: number;
  addedP90Ms: number;
}

export async function measureSpeechFirstByte(direct: LoadTarget, gateway: LoadTarget, samples: number, warmup = 20): Promise<SpeechFirstByte> {
  const agents = { direct: new Agent({ keepAlive: true, maxSockets: 1 }), gateway: new Agent({ keepAlive: true, maxSockets: 1 }) };
  const times = { direct: [] as number[], gateway: [] as number[] };
  const last = { direct: [] as number[], gateway: [] as number[] };
  const errors = { direct: 0, gateway: 0 };
  try {
    for (let i = 0; i < warmup + samples; i++) {
      const order = i % 2 === 0 ? (['direct', 'gateway'] as const) : (['gateway', 'direct'] as const);
      for (const which of order) {
        const response = await timedRequest(which === 'direct' ? direct : gateway, agents[which]);
        if (i < warmup) continue;
        if (response.error || response.status !== 200 || response.bytes === 0) {
          errors[which]++;
          if (errors[which] === 1 && which === 'gateway') process.stderr.write(`[bench] gateway speech answered ${response.status} ${response.error ?? ''}\n`);
          continue;
        }
        times[which].push(response.firstByteMs);
        last[which].push(response.lastByteMs);
      }
    }
  } finally {
    agents.direct.destroy();
    agents.gateway.destroy();
  }
  const figures = (which: 'direct' | 'gateway'): FirstByteFigures => ({
    samples: times[which].length,
    p50Ms: median(times[which]),
    p90Ms: percentile(times[which], 90),
    p99Ms: percentile(times[which], 99),
    lastByteP50Ms: median(last[which]),
    errors: errors[which],
  });
  const result = { direct: figures('direct'), gateway: figures('gateway') };
  return { ...result, addedP50Ms: result.gateway.p50Ms - result.direct.p50Ms, addedP90Ms: result.gateway.p90Ms - result.direct.p90Ms };
}
