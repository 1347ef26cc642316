/**
 * Server-sent events, as the WHATWG spec defines them: a parser over a byte stream and an encoder.
 * The parser handles CRLF/CR/LF line ends, multi-line `data`, comments, and events split across
 * network chunks at any byte (including inside a multi-byte UTF-8 character).
 */
import { StringDecoder } from 'node:string_decoder';
import { ProviderError } from './provider-error.ts';

/**
 * The longest an event may grow before it ends (its lines and data, in characters): 16 MiB. An
 * upstream that never ends an event would otherwise grow the buffer until the process runs out of
 * memory; past this the stream fails with an `invalid_response` ProviderError.
 */
export const maxSseEventSize = 16 * 1024 * 1024;

export interface SseParserOptions {
  /** Overrides `maxSseEventSize`. */
  maxEventSize?: number;
}

/** The error a stream fails with when an event grows past `limit` characters without ending. */
export function sseEventTooLarge(limit: number): ProviderError {
  const size = limit % (1024 * 1024) === 0 ? `${limit / (1024 * 1024)} MiB` : `${limit} characters`;
  return new ProviderError({ code: 'invalid_response', message: `The upstream sent a stream event longer than ${size} without ending it` });
}

export interface SseEvent {
  /** The `event:` field; undefined means the default type, `message`. */
  event?: string;
  data: string;
  id?: string;
  retry?: number;
}

/**
 * The parser as a push API: feed it each piece of the body as it arrives and get back the events that
 * piece completed, all at once. Cheaper than `parseSse` when a consumer handles a whole network read
 * in one go (one call per read instead of one async step per event).
 */
export class SseParser {
  // StringDecoder keeps a split multi-byte character for the next piece, like TextDecoder's stream
  // mode, at a fraction of its cost.
  private readonly decoder = new StringDecoder('utf8');
  private decodedAny = false;
  /** The start of a line whose end has not arrived yet; it holds no line break. */
  private rest = '';
  /** The last piece ended with CR: a LF at the start of the next one belongs to it. */
  private sawCr = false;
  private event: string | undefined;
  private data: string | undefined;
  private id: string | undefined;
  private retry: number | undefined;
  private readonly maxEventSize: number;

  constructor(options: SseParserOptions = {}) {
    this.maxEventSize = options.maxEventSize ?? maxSseEventSize;
  }

  /**
   * The events completed by this piece of the body, in order (often none, often several). Throws a
   * ProviderError (`invalid_response`) once the unfinished event is longer than the limit.
   */
  push(piece: Uint8Array | string): SseEvent[] {
    const out: SseEvent[] = [];
    const text = typeof piece === 'string' ? piece : this.decode(piece);
    if (text.length > 0) this.scan(text, out);
    if (this.rest.length + (this.data?.length ?? 0) > this.maxEventSize) throw sseEventTooLarge(this.maxEventSize);
    return out;
  }

  /** A piece of the body as text, as `push` reads it; for a caller that looks at the text first. */
  decode(piece: Uint8Array): string {
    const text = this.decoder.write(piece as Buffer);
    if (!this.decodedAny && text.length > 0) {
      this.decodedAny = true;
      if (text.charCodeAt(0) === 0xfeff) return text.slice(1);
    }
    return text;
  }

  /**
   * Between events, hands out (and forgets) the unfinished line held back, for a caller taking over
   * the splitting of events; undefined while an event is half read.
   */
  takeUnfinishedLine(): string | undefined {
    if (this.data !== undefined || this.event !== undefined || this.sawCr) return undefined;
    const rest = this.rest;
    this.rest = '';
    return rest;
  }

  /** The body has ended: the events still pending (a last event without its blank line). */
  end(): SseEvent[] {
    const out: SseEvent[] = [];
    const tail = this.rest + this.decoder.end();
    this.rest = '';
    if (tail.length > 0) this.line(tail, 0, tail.length, out);
    this.dispatch(out);
    return out;
  }

  private scan(text: string, out: SseEvent[]): void {
    // `rest` has no line break, so searching can start where the new text does.
    const searchFrom = this.rest.length;
    const buffer = searchFrom === 0 ? text : this.rest + text;
    let start = 0;
    if (this.sawCr) {
      this.sawCr = false;
      if (buffer.charCodeAt(0) === 10 /* \n */) start = 1;
    }
    if (buffer.indexOf('\r', searchFrom) === -1) {
      // The usual case: LF line ends only.
      for (let lf = buffer.indexOf('\n', Math.max(start, searchFrom)); lf !== -1; lf = buffer.indexOf('\n', start)) {
        this.line(buffer, start, lf, out);
        start = lf + 1;
      }
    } else {
      let cr = buffer.indexOf('\r', Math.max(start, searchFrom));
      let lf = buffer.indexOf('\n', Math.max(start, searchFrom));
      while (cr !== -1 || lf !== -1) {
        if (lf === -1 || (cr !== -1 && cr < lf)) {
          this.line(buffer, start, cr, out);
          if (cr + 1 === buffer.length) {
            this.sawCr = true;
            start = cr + 1;
            break;
          }
          start = buffer.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
        } else {
          this.line(buffer, start, lf, out);
          start = lf + 1;
        }
        if (cr !== -1 && cr < start) cr = buffer.indexOf('\r', start);
        if (lf !== -1 && lf < start) lf = buffer.indexOf('\n', start);
      }
    }
    this.rest = start === buffer.length ? '' : buffer.slice(start);
  }

  /** One line, `buffer[start, end)`, without its line end. */
  private line(buffer: string, start: number, end: number, out: SseEvent[]): void {
    if (start === end) {
      this.dispatch(out);
      return;
    }
    const first = buffer.charCodeAt(start);
    if (first === 58 /* : */) return;
    if (first === 100 /* d */ && buffer.startsWith('data:', start)) {
      let from = start + 5;
      if (from < end && buffer.charCodeAt(from) === 32 /* space */) from++;
      const value = buffer.slice(from, end);
      this.data = this.data === undefined ? value : `${this.data}\n${value}`;
      return;
    }
    const colon = buffer.indexOf(':', start);
    const hasValue = colon !== -1 && colon < end;
    const field = buffer.slice(start, hasValue ? colon : end);
    let value = '';
    if (hasValue) {
      let from = colon + 1;
      if (from < end && buffer.charCodeAt(from) === 32) from++;
      value = buffer.slice(from, end);
    }
    if (field === 'data') this.data = this.data === undefined ? value : `${this.data}\n${value}`;
    else if (field === 'event') this.event = value;
    else if (field === 'id') this.id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.retry = Number(value);
  }

  private dispatch(out: SseEvent[]): void {
    if (this.data === undefined) {
      this.event = undefined;
      return;
    }
    const event: SseEvent = { data: this.data };
    if (this.event !== undefined) event.event = this.event;
    if (this.id !== undefined) event.id = this.id;
    if (this.retry !== undefined) event.retry = this.retry;
    this.event = undefined;
    this.data = undefined;
    out.push(event);
  }
}

export async function* parseSse(body: AsyncIterable<Uint8Array | string>, options?: SseParserOptions): AsyncGenerator<SseEvent> {
  const parser = new SseParser(options);
  for await (const piece of body) yield* parser.push(piece);
  // A stream that ends without a blank line still delivers its last event.
  yield* parser.end();
}

/** Encodes one event. `data` may contain newlines; each becomes its own `data:` line. */
export function formatSse(data: string, event?: string): string {
  const lines = data.includes('\n') ? data.split('\n').map((line) => `data: ${line}`).join('\n') : `data: ${data}`;
  return event === undefined ? `${lines}\n\n` : `event: ${event}\n${lines}\n\n`;
}
