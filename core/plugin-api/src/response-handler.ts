/**
 * One upstream exchange through undici's dispatch API: the handler undici calls, and the
 * HttpResponse it resolves to. The body's pieces are queued as undici delivers them and handed out by
 * a plain async iterator (no Node.js stream, no async generator), pausing the connection while more
 * than `highWaterMark` bytes wait to be read. Failures are ProviderErrors (see networkError).
 */
import type { Dispatcher } from 'undici';
import type { HttpHeaders, HttpResponse } from './http-client.ts';
import type { AbortState, Cancellation } from './cancellation.ts';
import { networkError } from './network-error.ts';
import { parseResponseJson } from './parse-response-json.ts';
import { ProviderError } from './provider-error.ts';

/** As much of the body as is buffered before the connection is paused (undici's own default). */
const highWaterMark = 64 * 1024;
/** What `discard()` reads before it gives up on the connection instead (undici's `dump()` default). */
const discardLimit = 128 * 1024;

const done: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

interface Waiter {
  resolve(): void;
}

export class ResponseHandler implements Dispatcher.DispatchHandler {
  /** Settles when the response head arrived (or the exchange failed before it). */
  readonly response: Promise<HttpResponse>;
  private resolveResponse!: (response: HttpResponse) => void;
  private rejectResponse!: (error: unknown) => void;
  private controller: Dispatcher.DispatchController | undefined;
  private started = false;
  private pieces: Buffer[] = [];
  private queuedBytes = 0;
  private ended = false;
  private failure: Error | undefined;
  private waiter: Waiter | undefined;
  /** Stops listening for cancellation (the exchange is over). */
  private stopListening: (() => void) | undefined;
  /** What says whether the exchange was cancelled: the cancellation, else the signal. */
  private readonly signal: AbortSource | undefined;

  constructor(signal: AbortSignal | undefined, cancellation?: Cancellation) {
    this.response = new Promise<HttpResponse>((resolve, reject) => {
      this.resolveResponse = resolve;
      this.rejectResponse = reject;
    });
    if (cancellation) {
      this.signal = cancellation;
      this.stopListening = cancellation.onAbort((reason) => this.controller?.abort(reason));
    } else if (signal) {
      this.signal = signal;
      const onAbort = (): void => this.controller?.abort(abortReason(signal));
      // No `once` option: a signal aborts only once, and release() removes the listener anyway (the
      // options object makes adding a listener markedly slower).
      signal.addEventListener('abort', onAbort);
      this.stopListening = () => signal.removeEventListener('abort', onAbort);
    }
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.signal?.aborted) controller.abort(abortReason(this.signal));
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: HttpHeaders): void {
    if (statusCode < 200 || this.started) return;
    this.started = true;
    this.resolveResponse(new HandledResponse(this, statusCode, headers));
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.pieces.push(chunk);
    this.queuedBytes += chunk.length;
    if (this.queuedBytes > highWaterMark) controller.pause();
    this.wake();
  }

  onResponseEnd(): void {
    this.ended = true;
    this.release();
    this.wake();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.release();
    if (!this.started) {
      this.started = true;
      this.rejectResponse(networkError(error, this.signal));
      return;
    }
    this.failure ??= error;
    this.wake();
  }

  /**
   * The body received since the last read, as one piece; undefined at its end. A stream whose events
   * arrived together (one network read holding dozens of chunked-encoding chunks) is handed out at
   * once, not one awaited step per chunk.
   */
  async read(): Promise<Buffer | undefined> {
    for (;;) {
      if (this.pieces.length > 0) {
        const piece = this.takeQueued();
        if (this.controller?.paused) this.controller.resume();
        return piece;
      }
      if (this.failure) throw networkError(this.failure, this.signal);
      if (this.ended) return undefined;
      await new Promise<void>((resolve) => {
        this.waiter = { resolve };
      });
    }
  }

  get complete(): boolean {
    return this.ended;
  }

  /** The whole rest of the body when it has all arrived (no read to wait for); undefined otherwise. */
  takeRest(): Buffer | undefined {
    return this.ended && !this.failure ? this.takeQueued() : undefined;
  }

  /** Everything queued, as one piece. */
  private takeQueued(): Buffer {
    const pieces = this.pieces;
    const whole = pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces, this.queuedBytes);
    this.pieces = [];
    this.queuedBytes = 0;
    return whole;
  }

  /** Stops the exchange (the connection is closed). */
  abort(reason: string): void {
    if (this.ended || this.failure) return;
    this.controller?.abort(new ProviderError({ code: 'aborted', message: reason, retryable: false }));
  }

  private wake(): void {
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = undefined;
      waiter.resolve();
    }
  }

  private release(): void {
    this.stopListening?.();
    this.stopListening = undefined;
  }
}

type AbortSource = AbortState & { readonly reason: unknown };

function abortReason(signal: AbortSource): Error {
  return signal.reason instanceof Error ? signal.reason : new ProviderError({ code: 'aborted', message: 'The request was aborted', retryable: false });
}

class HandledResponse implements HttpResponse {
  private iterator: BodyIterator | undefined;

  constructor(
    private readonly handler: ResponseHandler,
    readonly status: number,
    readonly headers: HttpHeaders,
  ) {}

  get body(): AsyncIterable<Uint8Array> {
    return (this.iterator ??= new BodyIterator(this.handler));
  }

  async text(): Promise<string> {
    const text = (await this.all()).toString('utf8');
    // As undici's text(): a leading byte order mark is not part of the text.
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }

  async json<T = unknown>(): Promise<T> {
    return parseResponseJson(await this.text(), this.status) as T;
  }

  async bytes(): Promise<Uint8Array> {
    const all = await this.all();
    return new Uint8Array(all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength));
  }

  async discard(): Promise<void> {
    try {
      let read = 0;
      for (let piece = await this.handler.read(); piece; piece = await this.handler.read()) {
        read += piece.length;
        if (read > discardLimit) {
          this.handler.abort('The rest of the body was not wanted');
          return;
        }
      }
    } catch {
      // The connection is being torn down anyway; nothing left to read.
    }
  }

  private async all(): Promise<Buffer> {
    // A short answer has usually arrived whole with its head.
    const whole = this.handler.takeRest();
    if (whole) return whole;
    const pieces: Buffer[] = [];
    for (let piece = await this.handler.read(); piece; piece = await this.handler.read()) pieces.push(piece);
    return pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces);
  }
}

/**
 * The body's pieces. A consumer that stops early (it read the event that ends the stream) usually
 * does so once the body is complete, so nothing is cut; otherwise whatever has not arrived by the
 * next turn of the event loop is cut off (which closes the connection).
 */
class BodyIterator implements AsyncIterableIterator<Uint8Array, undefined> {
  private finished = false;

  constructor(private readonly handler: ResponseHandler) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<Uint8Array, undefined>> {
    if (this.finished) return done;
    try {
      const piece = await this.handler.read();
      if (piece) return { value: piece, done: false };
    } catch (error) {
      this.finished = true;
      throw error;
    }
    this.finished = true;
    return done;
  }

  async return(): Promise<IteratorReturnResult<undefined>> {
    if (this.finished) return done;
    this.finished = true;
    if (this.handler.complete) return done;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.handler.abort('The rest of the body was not read');
    return done;
  }
}
