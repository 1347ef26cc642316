/**
 * One answer of the fake Mistral in progress: JSON bodies with Mistral's correlation headers, and
 * data-only SSE written event by event; it stops quietly once the client has gone away.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export class MistralAnswer {
  /** Resolves when the connection closed before the answer was complete. */
  readonly aborted: Promise<void>;

  constructor(readonly res: ServerResponse) {
    this.aborted = new Promise((resolve) => {
      res.once('close', () => {
        if (!res.writableFinished) resolve();
      });
    });
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

export async function readBody(req: IncomingMessage): Promise<string> {
  const pieces: Buffer[] = [];
  for await (const piece of req) pieces.push(piece as Buffer);
  return Buffer.concat(pieces).toString('utf8');
}
