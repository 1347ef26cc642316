/**
 * One request timed by hand with process.hrtime.bigint, which resolves microseconds: time to the
 * response's first body byte, to its first token (the first stream event with non-empty content),
 * to its last byte, and the longest gap between two arrivals of body data.
 */
import type { Agent } from 'node:http';
import { request as httpRequest } from 'node:http';
import type { LoadTarget } from './load-target.ts';

export interface TimedResponse {
  status: number;
  firstByteMs: number;
  /** NaN when no content token arrived (non-stream answers count their body as the token). */
  firstTokenMs: number;
  lastByteMs: number;
  /** Longest pause between two pieces of body data after the first. */
  maxGapMs: number;
  /** `data:` events received (stream answers). */
  events: number;
  /** The stream ended with `data: [DONE]`. */
  done: boolean;
  bytes: number;
  error?: string;
}

const firstToken = /"content":"[^"]/;
const eventSeparator = Buffer.from('\n\n');
const doneMarker = 'data: [DONE]';

function millisecondsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export function timedRequest(target: LoadTarget, agent: Agent, timeoutMs = 60_000): Promise<TimedResponse> {
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    const result: TimedResponse = { status: 0, firstByteMs: Number.NaN, firstTokenMs: Number.NaN, lastByteMs: Number.NaN, maxGapMs: 0, events: 0, done: false, bytes: 0 };
    let lastArrival = -1;
    let settled = false;
    const finish = (error?: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) result.error = error;
      resolve(result);
    };
    const outgoing = httpRequest(
      `${target.origin}${target.path}`,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(target.body), ...target.headers } },
      (response) => {
        result.status = response.statusCode ?? 0;
        const streaming = (response.headers['content-type'] ?? '').startsWith('text/event-stream');
        // The last two pieces, kept by reference: [DONE] is looked for once, at the end.
        let previous: Buffer | undefined;
        let last: Buffer | undefined;
        response.on('data', (chunk: Buffer) => {
          const now = millisecondsSince(start);
          if (lastArrival < 0) result.firstByteMs = now;
          else result.maxGapMs = Math.max(result.maxGapMs, now - lastArrival);
          lastArrival = now;
          result.bytes += chunk.length;
          if (Number.isNaN(result.firstTokenMs) && (!streaming || firstToken.test(chunk.toString('latin1')))) result.firstTokenMs = now;
          if (streaming) {
            for (let at = chunk.indexOf(eventSeparator); at !== -1; at = chunk.indexOf(eventSeparator, at + 2)) result.events += 1;
            previous = last;
            last = chunk;
          }
        });
        response.on('end', () => {
          result.lastByteMs = millisecondsSince(start);
          const tail = Buffer.concat([previous?.subarray(-32) ?? Buffer.alloc(0), last?.subarray(-32) ?? Buffer.alloc(0)]);
          result.done = tail.includes(doneMarker);
          finish(result.status === 200 ? undefined : `HTTP ${result.status}`);
        });
        response.on('error', (error) => finish(error.message));
        response.on('aborted', () => finish('response aborted'));
      },
    );
    const timer = setTimeout(() => {
      outgoing.destroy();
      finish(`no complete answer within ${timeoutMs} ms`);
    }, timeoutMs);
    outgoing.on('error', (error) => finish(error.message));
    outgoing.end(target.body);
  });
}
