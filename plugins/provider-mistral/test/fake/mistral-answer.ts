/**
 * One answer of the fake Mistral in progress: JSON bodies with Mistral's correlation headers, and
 * data-only SSE written event by event; it stops quietly once the client has gone away.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

export class MistralAnswer {
  constructor(readonly res: ServerResponse) {
    res.setHeader('mistral-correlation-id', randomUUID());
    res.setHeader('x-kong-request-id', randomBytes(12).toString('hex'));
  }

  get gone(): boolean {
    return this.res.destroyed;
  }

  json(status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (this.gone) return;
    this.res.writeHead(status, { 'content-type': 'application/json', ...headers });
    this.res.end(JSON.stringify(body));
  }

  /** Writes every chunk as its own `data:` event; `done` adds Mistral's closing `data: [DONE]`. */
  stream(chunks: readonly unknown[], done: boolean): void {
    if (this.gone) return;
    this.res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    this.res.flushHeaders();
    for (const chunk of chunks) {
      if (this.gone) return;
      this.res.write(`data: ${JSON.stringify(chunk)}\n\n`);
    }
    if (done) this.res.write('data: [DONE]\n\n');
    this.res.end();
  }
}
