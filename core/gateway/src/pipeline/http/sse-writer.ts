/**
 * Writes a server-sent-event response straight to the socket, honouring backpressure: when the
 * client reads slowly, writing waits for 'drain' instead of buffering the upstream's stream in memory.
 *
 * Events are collected and written once per tick: all the events one upstream read produced go out
 * in one chunked-encoding chunk and one socket write (with the response head, for the first), instead
 * of a write per event.
 */
import type { ServerResponse } from 'node:http';
import type { ResponseHead } from './response-head.ts';
import { drainedOrClosed } from './drained-or-closed.ts';

/** Written at once when this much is waiting, without waiting for the end of the tick. */
const flushChars = 64 * 1024;

export class SseWriter {
  private pending = '';
  private scheduled = false;
  /** Whether anything reached the socket (writeHead alone only renders the head). */
  private flushed = false;
  private readonly flushTick = (): void => {
    if (this.scheduled) this.flush();
  };
  /** The events sent so far, while recording (for the response cache) and within its room. */
  private recorded: string | undefined;
  private recordRoom = 0;

  constructor(private readonly response: ServerResponse) {}

  get closed(): boolean {
    return this.response.destroyed || this.response.writableEnded;
  }

  /** Sends the response head: `head`'s headers and the event stream's own. */
  start(head: ResponseHead): void {
    head.set('content-type', 'text/event-stream; charset=utf-8');
    head.set('cache-control', 'no-cache');
    head.set('connection', 'keep-alive');
    head.set('x-accel-buffering', 'no');
    head.writeTo(this.response, 200);
    // The head goes out with the first events, or alone at the end of this tick if there are none.
    this.schedule();
  }

  /**
   * Queues one `data:` event. Returns a promise when the client is not keeping up: wait for it before
   * sending more.
   */
  data(json: string): Promise<void> | undefined {
    return this.events(`data: ${json}\n\n`);
  }

  /** Keeps a copy of the events sent from now on, up to `maxChars`; past that the copy is dropped. */
  record(maxChars: number): void {
    this.recorded = '';
    this.recordRoom = maxChars;
  }

  /** The events sent since `record`, without the closing `[DONE]`; undefined if they outgrew the room. */
  get recording(): string | undefined {
    return this.recorded;
  }

  /** Queues whole events already framed as SSE text; the same as `data` otherwise. */
  events(text: string): Promise<void> | undefined {
    if (this.closed) return undefined;
    if (this.recorded !== undefined) {
      this.recordRoom -= text.length;
      this.recorded = this.recordRoom < 0 ? undefined : this.recorded + text;
    }
    this.pending += text;
    if (this.pending.length >= flushChars) this.flush();
    else this.schedule();
    return this.response.writableNeedDrain ? drainedOrClosed(this.response) : undefined;
  }

  end(done: boolean): void {
    if (this.closed) return;
    const rest = done ? `${this.pending}data: [DONE]\n\n` : this.pending;
    this.pending = '';
    this.response.end(rest === '' ? undefined : rest);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    process.nextTick(this.flushTick);
  }

  private flush(): void {
    this.scheduled = false;
    if (this.closed) return;
    if (this.pending !== '') {
      const text = this.pending;
      this.pending = '';
      this.response.write(text);
    } else if (!this.flushed) {
      this.response.flushHeaders();
    }
    this.flushed = true;
  }
}
