/**
 * One answer of the fake Cohere in progress: JSON bodies with Cohere's headers, `{id, message}`
 * errors, and SSE events written one by one; it stops quietly once the client has gone away.
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { cohereErrorBody, type CohereEvent } from './build-cohere-replies.ts';

export class CohereAnswer {
  constructor(readonly res: ServerResponse) {
    res.setHeader('x-debug-trace-id', randomBytes(16).toString('hex'));
  }

  get gone(): boolean {
    return this.res.destroyed;
  }

  json(status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (this.gone) return;
    this.res.writeHead(status, { 'content-type': 'application/json', ...headers });
    this.res.end(JSON.stringify(body));
  }

  error(status: number, message: string, retryAfterSeconds?: number): void {
    const headers: Record<string, string> = {};
    if (retryAfterSeconds !== undefined) headers['retry-after'] = String(Math.ceil(retryAfterSeconds));
    this.json(status, cohereErrorBody(message), headers);
  }

  /** Writes a whole event stream, each event as its own write. */
  stream(events: readonly CohereEvent[]): void {
    if (this.gone) return;
    this.res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    this.res.flushHeaders();
    for (const event of events) {
      if (this.gone) return;
      this.res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    }
    this.res.end();
  }
}
