/**
 * The HttpResponse a ResponseHandler resolves to: its headers parsed only when read, its body handed
 * out by a plain async iterator over the pieces the handler queued.
 */
import type { HttpHeaders, HttpResponse } from './http-client.ts';
import { parseResponseJson } from './parse-response-json.ts';

/** What a response reads its body from (the ResponseHandler). */
export interface BodySource {
  /** The next queued piece; undefined once the body ended. */
  read(): Promise<Buffer | undefined>;
  /** The whole body when it has all arrived and none was read yet. */
  takeRest(): Buffer | undefined;
  readonly complete: boolean;
  abort(reason: string): void;
}

/** Header names and values as they came, alternating (undici hands Buffers). */
export type RawHeaders = ReadonlyArray<Buffer | string>;

/** What `discard()` reads before it gives up on the connection instead (undici's `dump()` default). */
const discardLimit = 128 * 1024;

const done: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

export class HandledResponse implements HttpResponse {
  private iterator: BodyIterator | undefined;
  private parsedHeaders: HttpHeaders | undefined;

  constructor(
    private readonly handler: BodySource,
    readonly status: number,
    private readonly rawHeaders: RawHeaders,
  ) {}

  get headers(): HttpHeaders {
    return (this.parsedHeaders ??= parseRawHeaders(this.rawHeaders));
  }

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

  constructor(private readonly handler: BodySource) {}

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

/**
 * Headers by lower-cased name, values as latin1 text, a repeated header as an array of its values
 * (as undici's own parseHeaders makes them).
 */
export function parseRawHeaders(raw: RawHeaders): HttpHeaders {
  const headers: Record<string, string | string[]> = {};
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const name = headerText(raw[index]!).toLowerCase();
    const value = headerText(raw[index + 1]!);
    const existing = Object.hasOwn(headers, name) ? headers[name] : undefined;
    if (existing === undefined) {
      if (name === '__proto__') Object.defineProperty(headers, name, { value, enumerable: true, configurable: true, writable: true });
      else headers[name] = value;
    } else if (typeof existing === 'string') {
      headers[name] = [existing, value];
    } else {
      existing.push(value);
    }
  }
  return headers;
}

/** A raw header name or value as text (latin1, as HTTP/1.1 carries them). */
export function headerText(value: Buffer | string): string {
  return typeof value === 'string' ? value : value.toString('latin1');
}
