/**
 * One upstream exchange through undici's dispatch API: the handler undici calls, which resolves to
 * the HttpResponse of handled-response.ts. The body's pieces are queued as undici delivers them and handed out by
 * a plain async iterator (no Node.js stream, no async generator), pausing the connection while more
 * than `highWaterMark` bytes wait to be read. Failures are ProviderErrors (see networkError).
 *
 * The handler implements the hooks undici's HTTP/1.1 client calls itself (onConnect, onHeaders,
 * onData, onComplete, onError; typed as deprecated since undici 7). The newer hooks (onRequestStart,
 * onResponseStart, …) reach a handler through a wrapper that parses every response header into an
 * object before the handler sees the response: ~5 µs per request for the 7 headers of the benchmark's
 * upstream, more for a real provider's twenty. Here the headers are parsed only when read, which on
 * the success path is usually never. Should a later undici drop these hooks, this is the one file to
 * change back.
 *
 * The handler also keeps the exchange's timeouts (connect, first byte, idle) on Node's own timers:
 * undici's headersTimeout and bodyTimeout run on its coarse timer wheel (ticks of ~0.5 s), which
 * turned a 100 ms first-byte timeout into ~1 s. The client disables those and passes the times here.
 */
import type { Dispatcher } from 'undici';
import type { HttpResponse, HttpTimeouts } from './http-client.ts';
import type { AbortState, Cancellation } from './cancellation.ts';
import { contentDecoderFor, withoutEncodingHeaders } from './content-decoder.ts';
import { HandledResponse } from './handled-response.ts';
import { networkError } from './network-error.ts';
import { ProviderError } from './provider-error.ts';

/** As much of the body as is buffered before the connection is paused (undici's own default). */
const highWaterMark = 64 * 1024;
interface Waiter {
  resolve(): void;
}


export class ResponseHandler implements Dispatcher.DispatchHandler {
  /** Settles when the response head arrived (or the exchange failed before it). */
  readonly response: Promise<HttpResponse>;
  private resolveResponse!: (response: HttpResponse) => void;
  private rejectResponse!: (error: unknown) => void;
  /** undici's abort for this exchange, once it is connected. */
  private abortExchange: ((reason: Error) => void) | undefined;
  private aborted = false;
  /** undici's resume for a paused connection. */
  private resumeReading: (() => void) | undefined;
  private paused = false;
  private started = false;
  private pieces: Buffer[] = [];
  private queuedBytes = 0;
  private ended = false;
  private failure: Error | undefined;
  private waiter: Waiter | undefined;
  /** Stops listening for cancellation (the exchange is over). */
  private stopListening: (() => void) | undefined;
  /** What says whether the exchange was cancelled. */
  private readonly signal: AbortSource | undefined;
  /** Why the exchange is to be aborted once undici hands the abort (a timeout before connecting). */
  private pendingAbort: Error | undefined;
  private readonly timeouts: HttpTimeouts;
  /** The running phase's timer: connect until onConnect, first byte until onHeaders, then idle. */
  private timer: NodeJS.Timeout | undefined;
  private phase: TimedPhase = 'connect';
  /** Decompresses a body that came compressed (see content-decoder.ts); its output is what is queued. */
  private decoder: ReturnType<typeof contentDecoderFor>;

  constructor(signal: AbortSignal | Cancellation | undefined, timeouts: HttpTimeouts = {}) {
    this.response = new Promise<HttpResponse>((resolve, reject) => {
      this.resolveResponse = resolve;
      this.rejectResponse = reject;
    });
    this.signal = signal;
    // By shape, not instanceof: a plugin may bring its own copy of the plugin API.
    if (signal !== undefined && typeof (signal as Partial<Cancellation>).onAbort === 'function') {
      this.stopListening = (signal as Cancellation).onAbort((reason) => this.cancel(reason));
    } else if (signal) {
      const abortSignal = signal as AbortSignal;
      const onAbort = (): void => this.cancel(abortReason(abortSignal));
      // No `once` option: a signal aborts only once, and release() removes the listener anyway (the
      // options object makes adding a listener markedly slower).
      abortSignal.addEventListener('abort', onAbort);
      this.stopListening = () => abortSignal.removeEventListener('abort', onAbort);
    }
    this.timeouts = timeouts;
    this.startTimer('connect', timeouts.connectMs);
  }

  onConnect(abort: (reason?: Error) => void): void {
    this.abortExchange = abort;
    if (this.pendingAbort) this.cancel(this.pendingAbort);
    else if (this.signal?.aborted) this.cancel(abortReason(this.signal));
    else this.startTimer('first-byte', this.timeouts.firstByteMs);
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void): boolean {
    if (statusCode < 200 || this.started) return true;
    this.started = true;
    this.resumeReading = resume;
    this.startTimer('idle', this.timeouts.idleMs);
    this.decoder = contentDecoderFor(rawHeaders);
    if (this.decoder) this.decodeBody(this.decoder);
    this.resolveResponse(new HandledResponse(this, statusCode, this.decoder ? withoutEncodingHeaders(rawHeaders) : rawHeaders));
    return true;
  }

  /** Returns false to pause the connection: too much waits to be read. */
  onData(chunk: Buffer): boolean {
    if (this.decoder) {
      this.decoder.write(chunk);
      this.timer?.refresh();
      return !this.paused;
    }
    return this.queue(chunk);
  }

  private queue(chunk: Buffer): boolean {
    this.pieces.push(chunk);
    this.queuedBytes += chunk.length;
    if (this.queuedBytes > highWaterMark) {
      this.paused = true;
      // Waiting for a slow reader is not an idle upstream (as undici: no body timeout while paused).
      this.stopTimer();
    } else {
      this.timer?.refresh();
    }
    this.wake();
    return !this.paused;
  }

  onComplete(): void {
    if (this.decoder) {
      // Ended once the decoder has given out the rest.
      this.decoder.end();
      return;
    }
    this.ended = true;
    this.release();
    this.wake();
  }

  onError(error: Error): void {
    this.decoder?.destroy();
    this.release();
    if (!this.started) {
      this.started = true;
      this.rejectResponse(networkError(error, this.signal));
      return;
    }
    this.failure ??= error;
    this.wake();
  }

  private decodeBody(decoder: NonNullable<ReturnType<typeof contentDecoderFor>>): void {
    decoder.on('data', (chunk: Buffer) => this.queue(chunk));
    decoder.once('end', () => {
      this.ended = true;
      this.release();
      this.wake();
    });
    decoder.once('error', (error) => {
      this.failure ??= new ProviderError({ code: 'invalid_response', message: `The provider's compressed body could not be decoded: ${error.message}`, cause: error });
      this.release();
      this.cancel(this.failure);
      this.wake();
    });
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
        if (this.paused) {
          this.paused = false;
          if (!this.ended && !this.failure) this.startTimer('idle', this.timeouts.idleMs);
          this.resumeReading?.();
        }
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
    this.cancel(new ProviderError({ code: 'aborted', message: reason, retryable: false }));
  }

  /** Aborts the exchange once; before it is connected, onConnect does it. */
  private cancel(reason: Error): void {
    if (this.aborted || !this.abortExchange) return;
    this.aborted = true;
    this.abortExchange(reason);
  }

  private startTimer(phase: TimedPhase, ms: number | undefined): void {
    this.stopTimer();
    this.phase = phase;
    if (ms === undefined || !(ms > 0) || !Number.isFinite(ms)) return;
    this.timer = setTimeout(() => this.timedOut(), ms);
    this.timer.unref();
  }

  private stopTimer(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private timedOut(): void {
    this.timer = undefined;
    const error = new ProviderError({ code: 'timeout', message: `Timed out ${timedPhaseLabels[this.phase]}` });
    if (this.abortExchange) {
      // undici answers with onError(error), which settles the response or the body.
      this.cancel(error);
      return;
    }
    // Not connected yet: fail now; the connection, should it still come, is cut in onConnect.
    this.pendingAbort = error;
    this.release();
    if (!this.started) {
      this.started = true;
      this.rejectResponse(error);
    }
  }

  private wake(): void {
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = undefined;
      waiter.resolve();
    }
  }

  private release(): void {
    this.stopTimer();
    this.stopListening?.();
    this.stopListening = undefined;
  }
}

type AbortSource = AbortState & { readonly reason: unknown };

type TimedPhase = 'connect' | 'first-byte' | 'idle';

const timedPhaseLabels: Record<TimedPhase, string> = {
  connect: 'connecting',
  'first-byte': 'waiting for the first byte',
  idle: 'waiting for the next part of the response',
};

function abortReason(signal: AbortSource): Error {
  return signal.reason instanceof Error ? signal.reason : new ProviderError({ code: 'aborted', message: 'The request was aborted', retryable: false });
}
