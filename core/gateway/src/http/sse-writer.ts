/**
 * Writes a server-sent-event response straight to the socket, honouring backpressure: when the
 * client reads slowly, writing waits for 'drain' instead of buffering the upstream's stream in memory.
 */
import { once } from 'node:events';
import type { ServerResponse } from 'node:http';

export class SseWriter {
  constructor(private readonly response: ServerResponse) {}

  get closed(): boolean {
    return this.response.destroyed || this.response.writableEnded;
  }

  start(headers: Record<string, string>): void {
    this.response.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    this.response.flushHeaders();
  }

  /** Sends one `data:` event; resolves when the socket can take more. */
  async data(json: string): Promise<void> {
    if (this.closed) return;
    if (!this.response.write(`data: ${json}\n\n`)) {
      await Promise.race([once(this.response, 'drain'), once(this.response, 'close')]);
    }
  }

  end(done: boolean): void {
    if (this.closed) return;
    this.response.end(done ? 'data: [DONE]\n\n' : undefined);
  }
}
