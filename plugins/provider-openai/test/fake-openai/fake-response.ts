/**
 * One answer of the fake in progress: writes JSON, OpenAI error bodies and SSE events, and stops
 * quietly once the client has gone away.
 */
import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { openAIErrorBody } from './openai-error-body.ts';
import type { OpenAIErrorBody } from '@conduit/plugin-api';

/** Plausible OpenAI rate-limit headers; `exhausted` is how a 429 reports them. */
export function rateLimitHeaders(exhausted: boolean, retryAfterSeconds = 1): Record<string, string> {
  return {
    'x-ratelimit-limit-requests': '10000',
    'x-ratelimit-limit-tokens': '30000000',
    'x-ratelimit-remaining-requests': exhausted ? '0' : '9999',
    'x-ratelimit-remaining-tokens': exhausted ? '0' : '29999950',
    'x-ratelimit-reset-requests': exhausted ? `${retryAfterSeconds}s` : '6ms',
    'x-ratelimit-reset-tokens': exhausted ? `${retryAfterSeconds}s` : '0s',
  };
}

export class FakeResponse {
  /** Resolves when the client closed the connection before the answer was complete. */
  readonly aborted: Promise<void>;
  private readonly started = Date.now();

  constructor(
    readonly res: ServerResponse,
    private readonly chunkDelayMs: () => number,
  ) {
    this.aborted = new Promise((resolve) => {
      res.once('close', () => {
        if (!res.writableFinished) resolve();
      });
    });
  }

  get gone(): boolean {
    return this.res.destroyed;
  }

  /** Waits `ms`, or less if the client leaves first. */
  async wait(ms: number): Promise<void> {
    if (ms > 0) await Promise.race([sleep(ms, undefined, { ref: false }), this.aborted]);
  }

  json(status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (this.gone) return;
    this.res.writeHead(status, {
      'content-type': 'application/json',
      'openai-processing-ms': String(Date.now() - this.started),
      ...headers,
    });
    this.res.end(JSON.stringify(body));
  }

  error(status: number, body: OpenAIErrorBody, headers: Record<string, string> = {}): void {
    this.json(status, body, headers);
  }

  /** A scripted HTTP error, with Retry-After and exhausted rate-limit headers on 429. */
  scriptedError(status: number, message: string, retryAfterSeconds?: number): void {
    const headers: Record<string, string> = {};
    if (status === 429) Object.assign(headers, rateLimitHeaders(true, Math.ceil(retryAfterSeconds ?? 1)));
    if (retryAfterSeconds !== undefined) {
      headers['retry-after'] = String(Math.ceil(retryAfterSeconds));
      if (!Number.isInteger(retryAfterSeconds)) headers['retry-after-ms'] = String(Math.round(retryAfterSeconds * 1000));
    }
    this.error(status, openAIErrorBody(status, message), headers);
  }

  startStream(headers: Record<string, string> = {}): void {
    if (this.gone) return;
    this.res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'openai-processing-ms': String(Date.now() - this.started),
      ...headers,
    });
    this.res.flushHeaders();
  }

  /** Writes one `data:` event, then waits the configured interval between events. */
  async event(data: string): Promise<void> {
    if (this.gone) return;
    this.res.write(`data: ${data}\n\n`);
    await this.wait(this.chunkDelayMs());
  }

  end(): void {
    if (!this.gone) this.res.end();
  }

  /** Writes a raw answer, one piece at a time (bytes may cut a character in two). */
  async raw(status: number, headers: Record<string, string>, body: string | Array<string | Uint8Array>): Promise<void> {
    if (this.gone) return;
    this.res.writeHead(status, headers);
    for (const piece of Array.isArray(body) ? body : [body]) {
      if (this.gone) return;
      this.res.write(piece);
      await this.wait(this.chunkDelayMs());
    }
    this.end();
  }
}
