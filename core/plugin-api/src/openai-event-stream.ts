/**
 * The chunks of an OpenAI-style SSE response (`data: {json}` events ending with `data: [DONE]`), as
 * one hand-written async iterator instead of a stack of async generators: each network read is
 * parsed and decoded as a batch, then handed out from a queue, so an event costs one resolved
 * promise rather than several generator steps. Failures are ProviderErrors with the right phase
 * (`before-output` until a chunk has been handed out, `mid-stream` after), like `withStreamPhase`.
 * With `keepRawJson`, each parsed chunk carries its JSON text (see raw-json.ts). In raw mode (see raw-json-events.ts) the
 * events are handed out as their JSON text, parsed only when they may be an error; once runs are asked
 * for, stretches of plain events are handed out as their SSE text (sse-runs.ts).
 *
 * A body that ends without `[DONE]` and before any choice finished (no `finish_reason`) was cut off:
 * a proxy or the provider closed the connection mid-answer. It fails as a connection error instead of
 * passing for a short, complete answer (which would be billed and cached as one). A server that
 * leaves out `[DONE]` after its finished choices still ends normally.
 */
import type { AbortState } from './cancellation.ts';
import type { HttpResponse } from './http-client.ts';
import { networkError } from './network-error.ts';
import { ProviderError } from './provider-error.ts';
import { markRawJson } from './raw-json.ts';
import { rawJsonEvents, type RawJsonEventIterator, type RawJsonEventSource } from './raw-json-events.ts';
import { SseRunSplitter, errorMention } from './sse-runs.ts';
import { SseParser, type SseEvent } from './sse.ts';

export interface OpenAIEventStreamOptions {
  /** Sends the request; called on the first `next()`. */
  open(): Promise<HttpResponse>;
  /** The error an event such as `{"error": {...}}` stands for. */
  streamError(data: string): ProviderError;
  providerLabel: string;
  signal?: AbortState;
  /** Marks each parsed chunk with its JSON text (see raw-json.ts). */
  keepRawJson?: boolean;
}

const doneResult: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

export class OpenAIEventStream<T> implements AsyncIterableIterator<T, undefined>, RawJsonEventSource {
  private body: AsyncIterator<Uint8Array> | undefined;
  private readonly parser = new SseParser();
  /** Parsed chunks, or their JSON text in raw mode. */
  private queue: Array<T | string> = [];
  private raw = false;
  /** Runs were asked for; the splitter takes over once the parser is between events. */
  private wantRuns = false;
  private splitter: SseRunSplitter | undefined;
  private index = 0;
  /** No more reads: the body ended, `[DONE]` came, it failed, or the consumer returned. */
  private ended = false;
  private failure: unknown;
  private handedOut = false;
  private filling: Promise<void> | undefined;
  /** An event said a choice finished (`finish_reason`), or `[DONE]` came: the answer is whole. */
  private finished = false;

  constructor(private readonly options: OpenAIEventStreamOptions) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  [rawJsonEvents](): RawJsonEventIterator {
    if (this.body !== undefined || this.filling !== undefined || this.handedOut) {
      throw new Error('raw mode must be chosen before the stream is read');
    }
    this.raw = true;
    return this as unknown as RawJsonEventIterator;
  }

  runs(): void {
    if (!this.raw) throw new Error('runs are a part of raw mode');
    this.wantRuns = true;
  }

  next(): Promise<IteratorResult<T, undefined>> {
    if (this.index < this.queue.length) {
      this.handedOut = true;
      if (this.raw) {
        // Raw mode hands out every queued event at once.
        const batch = this.index === 0 ? this.queue : this.queue.slice(this.index);
        this.queue = [];
        this.index = 0;
        return Promise.resolve({ value: batch as unknown as T, done: false });
      }
      return Promise.resolve({ value: this.queue[this.index++] as T, done: false });
    }
    if (this.ended) {
      if (this.failure === undefined) return Promise.resolve(doneResult);
      const failure = this.failure;
      this.failure = undefined;
      return Promise.reject(this.phased(failure));
    }
    return this.read();
  }

  async return(): Promise<IteratorResult<T, undefined>> {
    this.queue = [];
    this.index = 0;
    this.failure = undefined;
    this.ended = true;
    await this.closeBody();
    return doneResult;
  }

  async throw(error?: unknown): Promise<IteratorResult<T, undefined>> {
    await this.return();
    throw error;
  }

  /** Reads until at least one chunk is queued or the stream is over, then answers `next()`. */
  private async read(): Promise<IteratorResult<T, undefined>> {
    // Calls to next() that overlap wait for the read in progress instead of starting another.
    while (this.filling) await this.filling;
    if (this.index >= this.queue.length && !this.ended) {
      this.filling = this.fill();
      try {
        await this.filling;
      } finally {
        this.filling = undefined;
      }
    }
    return this.next();
  }

  private async fill(): Promise<void> {
    try {
      const body = (this.body ??= (await this.options.open()).body[Symbol.asyncIterator]());
      if (this.ended) {
        // The consumer returned while the request was being sent.
        void this.closeBody();
        return;
      }
      while (!this.ended) {
        const piece = await body.next();
        if (this.ended) return;
        this.queue = [];
        this.index = 0;
        if (this.wantRuns && this.splitter === undefined) {
          const unfinished = this.parser.takeUnfinishedLine();
          if (unfinished !== undefined) this.splitter = new SseRunSplitter(unfinished);
        }
        if (piece.done) {
          if (this.splitter) this.enqueue(this.parser.push(this.splitter.flush()));
          if (!this.ended) this.enqueue(this.parser.end());
          // A body that ended with no event at all (not even `[DONE]`) is not an empty answer: it is not
          // an OpenAI stream (a proxy's page, an undecodable body), and must neither succeed nor be cached.
          if (!this.ended && !this.handedOut && this.queue.length === 0) {
            this.stop(new ProviderError({ code: 'invalid_response', message: `${this.options.providerLabel} ended the stream without sending any event` }));
          } else if (!this.ended && !this.finished) {
            this.stop(new ProviderError({ code: 'connection', message: `${this.options.providerLabel} closed the stream before the answer finished (no finish_reason, no [DONE])` }));
          }
          this.ended = true;
        } else if (this.splitter) {
          const { run, rest } = this.splitter.push(this.parser.decode(piece.value));
          if (run !== '') {
            if (!this.finished) this.finished = mentionsFinish(run);
            this.queue.push(run);
          }
          if (rest !== '') this.enqueue(this.parser.push(rest));
        } else {
          this.enqueue(this.parser.push(piece.value));
        }
        if (this.queue.length > 0) return;
      }
    } catch (error) {
      this.ended = true;
      this.failure ??= error;
      void this.closeBody();
    }
  }

  private enqueue(events: SseEvent[]): void {
    for (const event of events) {
      const data = event.data;
      if (data === '[DONE]') {
        this.finished = true;
        this.ended = true;
        void this.closeBody();
        return;
      }
      if (!this.finished) this.finished = mentionsFinish(data);
      if (this.raw && this.enqueueRaw(data)) continue;
      let value: unknown;
      try {
        value = JSON.parse(data);
      } catch (error) {
        this.stop(
          new ProviderError({
            code: 'invalid_response',
            message: `${this.options.providerLabel} sent a stream event that is not JSON`,
            cause: error,
          }),
        );
        return;
      }
      if (value === null || typeof value !== 'object') {
        this.stop(
          new ProviderError({ code: 'invalid_response', message: `${this.options.providerLabel} sent a stream event that is not a JSON object` }),
        );
        return;
      }
      const streamError = (value as { error?: unknown }).error;
      if (streamError !== undefined && streamError !== null) {
        this.stop(this.options.streamError(data));
        return;
      }
      if (this.raw) {
        // Several `data:` lines make one event with newlines; such text cannot be sent on as one line.
        this.queue.push(data.indexOf('\n') === -1 ? data : JSON.stringify(value));
        continue;
      }
      if (this.options.keepRawJson === true && data.indexOf('\n') === -1) markRawJson(value, data);
      this.queue.push(value as T);
    }
  }

  /**
   * Queues the event's text as it is when it is plainly a single-line JSON object that cannot be an
   * error event; false when it must be parsed to tell. A `"error"` anywhere (even inside a string)
   * sends it to parsing: the check may only err towards parsing.
   */
  private enqueueRaw(data: string): boolean {
    const last = data.length - 1;
    if (last < 1 || data.charCodeAt(0) !== 123 /* { */ || data.charCodeAt(last) !== 125 /* } */) return false;
    if (errorMention(data) !== -1 || data.indexOf('\n') !== -1) return false;
    this.queue.push(data);
    return true;
  }

  /** Fails the stream once the chunks read before the failure have been handed out. */
  private stop(failure: ProviderError): void {
    this.ended = true;
    this.failure = failure;
    void this.closeBody();
  }

  private phased(error: unknown): ProviderError {
    const typed = ProviderError.isInstance(error) ? error : networkError(error, this.options.signal);
    return this.handedOut ? typed.midStream() : typed;
  }

  private async closeBody(): Promise<void> {
    const body = this.body;
    if (!body) return;
    this.body = undefined;
    try {
      await body.return?.();
    } catch {
      // The body is being torn down; nothing left to read from it.
    }
  }
}

const finishKey = '"finish_reason"';

/** Whether event text sets a `finish_reason` to a string (not `null`), e.g. `"finish_reason":"stop"`. */
function mentionsFinish(text: string): boolean {
  for (let at = text.indexOf(finishKey); at !== -1; at = text.indexOf(finishKey, at + finishKey.length)) {
    let index = at + finishKey.length;
    while (text.charCodeAt(index) === 32) index++;
    if (text.charCodeAt(index) !== 58 /* : */) continue;
    index++;
    while (text.charCodeAt(index) === 32) index++;
    if (text.charCodeAt(index) === 34 /* " */) return true;
  }
  return false;
}
