/**
 * A JSON parser fed a body a piece at a time as it arrives, keeping its state between pieces, so a
 * body of megabytes is parsed in steps of a chunk each instead of one JSON.parse after the last byte
 * (tens of milliseconds on 30 MB during which no other request moves). The value is the one
 * JSON.parse gives for the same bytes decoded as UTF-8: the same strings (invalid UTF-8 replaced the
 * same way, escapes and lone surrogates kept), numbers, key order, `__proto__` as an own key, the
 * last of duplicate keys.
 *
 * It works on bytes: every character JSON gives a meaning to is ASCII, and UTF-8 never uses ASCII
 * bytes inside a multi-byte character. A string's content is decoded (and, when it holds escapes,
 * unescaped by the engine's JSON.parse of the piece between quotes) a piece at a time, cut where
 * neither an escape nor a character is split; a long string is the concatenation of its pieces,
 * which are kept (`longStrings`) so that nothing later has to flatten or re-encode it in one go.
 */
import type { LongString } from '@conduit/plugin-api/internal';

/**
 * Plain strings at least this long are listed with their bytes, so that upstream bodies copy them
 * (shorter ones are serialised whole by JSON.stringify there: json-request-body.ts in the plugin API).
 */
const longStringMinBytes = 64 * 1024;

const enum Expect {
  Value,
  ValueOrEnd,
  KeyOrEnd,
  Key,
  Colon,
  CommaOrEnd,
  Done,
}

const quote = 0x22;
const backslash = 0x5c;
const numberPattern = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const controlCharacter = /[\u0000-\u001f]/;
/**
 * A long string is decoded in pieces of about this many bytes: large enough that V8 allocates each
 * outside the young generation (copying megabytes of young strings made minor GCs long), small
 * enough to decode in well under a millisecond.
 */
const defaultPieceBytes = 128 * 1024;

export class IncrementalJsonParser {
  /** The body's strings longer than one piece, or long and plain, in the order they ended. */
  readonly longStrings: LongString[] = [];
  private expect = Expect.Value;
  private readonly containers: Array<Record<string, unknown> | unknown[]> = [];
  private readonly keys: Array<string | undefined> = [];
  private root: unknown;
  /** Where the current piece starts in the whole body. */
  private offset = 0;
  private inString = false;
  private stringIsKey = false;
  /** The next byte is escaped (a backslash ended the last chunk inside a string). */
  private escaped = false;
  private stringValue = '';
  private stringPieces: string[] = [];
  private stringBytes: Buffer[] = [];
  private stringByteLength = 0;
  private stringPlain = true;
  /** The current string's content not decoded yet, as it came, and its length. */
  private pending: Buffer[] = [];
  private pendingLength = 0;
  private scalar: string | undefined;
  private scalarStart = 0;
  private failure: Error | undefined;

  /** `pieceBytes`: how much of a long string is decoded at a time (tests make it small). */
  constructor(private readonly pieceBytes = defaultPieceBytes) {}

  /** Parses the next piece of the body. Never throws: a syntax error is kept for `end()`. */
  feed(chunk: Buffer): void {
    if (this.failure) return;
    try {
      this.parse(chunk);
    } catch (error) {
      this.failure = error as Error;
    }
    this.offset += chunk.length;
  }

  /** The parsed value once the whole body was fed; throws a SyntaxError when it is not JSON. */
  end(): unknown {
    if (!this.failure && this.scalar !== undefined) {
      try {
        this.endScalar();
      } catch (error) {
        this.failure = error as Error;
      }
    }
    if (this.failure) throw this.failure;
    if (this.expect !== Expect.Done) throw new SyntaxError('Unexpected end of JSON input');
    return this.root;
  }

  private parse(chunk: Buffer): void {
    const length = chunk.length;
    let index = 0;
    while (index < length) {
      if (this.inString) {
        index = this.continueString(chunk, index);
        continue;
      }
      if (this.scalar !== undefined) {
        let end = index;
        while (end < length && isScalarByte(chunk[end]!)) end++;
        this.scalar += chunk.toString('latin1', index, end);
        index = end;
        if (end < length) this.endScalar();
        continue;
      }
      const byte = chunk[index]!;
      switch (byte) {
        case 0x20:
        case 0x09:
        case 0x0a:
        case 0x0d:
          index++;
          continue;
        case quote:
          if (this.expect === Expect.KeyOrEnd || this.expect === Expect.Key) this.stringIsKey = true;
          else if (this.expect === Expect.Value || this.expect === Expect.ValueOrEnd) this.stringIsKey = false;
          else throw this.unexpected(byte, index);
          this.inString = true;
          this.stringValue = '';
          this.stringPieces = [];
          this.stringBytes = [];
          this.stringByteLength = 0;
          this.stringPlain = true;
          index++;
          continue;
        case 0x7b: // {
        case 0x5b: // [
          if (this.expect !== Expect.Value && this.expect !== Expect.ValueOrEnd) throw this.unexpected(byte, index);
          this.containers.push(byte === 0x7b ? {} : []);
          this.keys.push(undefined);
          this.expect = byte === 0x7b ? Expect.KeyOrEnd : Expect.ValueOrEnd;
          index++;
          continue;
        case 0x7d: // }
        case 0x5d: {
          // ]
          const top = this.containers[this.containers.length - 1];
          const isObject = top !== undefined && !Array.isArray(top);
          const closes =
            byte === 0x7d
              ? isObject && (this.expect === Expect.KeyOrEnd || this.expect === Expect.CommaOrEnd)
              : top !== undefined && !isObject && (this.expect === Expect.ValueOrEnd || this.expect === Expect.CommaOrEnd);
          if (!closes) throw this.unexpected(byte, index);
          this.containers.pop();
          this.keys.pop();
          this.completeValue(top);
          index++;
          continue;
        }
        case 0x2c: // ,
          if (this.expect !== Expect.CommaOrEnd) throw this.unexpected(byte, index);
          this.expect = Array.isArray(this.containers[this.containers.length - 1]) ? Expect.Value : Expect.Key;
          index++;
          continue;
        case 0x3a: // :
          if (this.expect !== Expect.Colon) throw this.unexpected(byte, index);
          this.expect = Expect.Value;
          index++;
          continue;
        default:
          if ((byte === 0x2d || (byte >= 0x30 && byte <= 0x39) || byte === 0x74 || byte === 0x66 || byte === 0x6e) && (this.expect === Expect.Value || this.expect === Expect.ValueOrEnd)) {
            let end = index + 1;
            while (end < length && isScalarByte(chunk[end]!)) end++;
            // Ended within this chunk: a small integer or a literal is read from the bytes (a body of
            // millions of token ids is mostly those), anything else goes through its text.
            const value = end < length ? quickScalar(chunk, index, end) : undefined;
            if (value !== undefined) {
              this.completeValue(value);
              index = end;
              continue;
            }
            this.scalar = '';
            this.scalarStart = this.offset + index;
            continue;
          }
          throw this.unexpected(byte, index);
      }
    }
  }

  /** Reads string content from `index`; returns where parsing goes on. */
  private continueString(chunk: Buffer, index: number): number {
    const length = chunk.length;
    // A byte escaped by the backslash that ended the last chunk is content, whatever it is.
    const from = this.escaped ? index + 1 : index;
    this.escaped = false;
    let close = chunk.indexOf(quote, from);
    while (close !== -1 && backslashesBefore(chunk, close, from) % 2 === 1) close = chunk.indexOf(quote, close + 1);
    const end = close === -1 ? length : close;
    if (end > index) {
      this.pending.push(chunk.subarray(index, end));
      this.pendingLength += end - index;
    }
    if (close === -1) {
      this.escaped = backslashesBefore(chunk, length, from) % 2 === 1;
      if (this.pendingLength >= this.pieceBytes) this.decodePending(false);
      return length;
    }
    this.decodePending(true);
    this.inString = false;
    this.endString();
    return close + 1;
  }

  /**
   * Decodes the content held so far into a piece of the string: all of it at the string's end, else
   * up to where neither an escape nor a character is split (the rest waits for the next piece).
   */
  private decodePending(final: boolean): void {
    const pending = this.pending;
    if (pending.length === 0) return;
    const bytes = pending.length === 1 ? pending[0]! : Buffer.concat(pending, this.pendingLength);
    const cut = final ? bytes.length : safeCut(bytes, 0, bytes.length);
    this.pending = cut < bytes.length ? [bytes.subarray(cut)] : [];
    this.pendingLength = bytes.length - cut;
    if (cut === 0) return;
    const content = bytes.subarray(0, cut);
    const text = content.toString('utf8');
    let piece = text;
    if (content.indexOf(backslash) !== -1 || controlCharacter.test(text)) {
      this.stringPlain = false;
      try {
        piece = JSON.parse(`"${text}"`) as string;
      } catch {
        throw new SyntaxError(`Bad string in JSON at position ${this.offset}`);
      }
    } else if (this.stringPlain) {
      this.stringBytes.push(content);
    }
    this.stringByteLength += cut;
    this.stringPieces.push(piece);
    this.stringValue += piece;
  }

  private endString(): void {
    const value = this.stringValue;
    const pieces = this.stringPieces;
    if (pieces.length > 1 || (this.stringPlain && this.stringByteLength >= longStringMinBytes)) {
      this.longStrings.push(this.stringPlain ? { value, pieces, bytes: this.stringBytes } : { value, pieces });
    }
    this.stringValue = '';
    this.stringPieces = [];
    this.stringBytes = [];
    this.stringByteLength = 0;
    if (this.stringIsKey) {
      this.keys[this.keys.length - 1] = value;
      this.expect = Expect.Colon;
    } else {
      this.completeValue(value);
    }
  }

  private endScalar(): void {
    const text = this.scalar!;
    this.scalar = undefined;
    let value: unknown;
    if (text === 'true') value = true;
    else if (text === 'false') value = false;
    else if (text === 'null') value = null;
    else if (numberPattern.test(text)) value = Number(text);
    else throw new SyntaxError(`Unexpected token '${text.slice(0, 20)}' in JSON at position ${this.scalarStart}`);
    this.completeValue(value);
  }

  private completeValue(value: unknown): void {
    const depth = this.containers.length;
    if (depth === 0) {
      this.root = value;
      this.expect = Expect.Done;
      return;
    }
    const container = this.containers[depth - 1]!;
    if (Array.isArray(container)) container.push(value);
    else {
      const key = this.keys[depth - 1]!;
      // As JSON.parse: an own property named __proto__, not the prototype.
      if (key === '__proto__') Object.defineProperty(container, key, { value, writable: true, enumerable: true, configurable: true });
      else container[key] = value;
    }
    this.expect = Expect.CommaOrEnd;
  }

  private unexpected(byte: number, index: number): SyntaxError {
    const shown = byte >= 0x20 && byte < 0x7f ? `'${String.fromCharCode(byte)}'` : `byte 0x${byte.toString(16)}`;
    return new SyntaxError(`Unexpected ${shown} in JSON at position ${this.offset + index}`);
  }
}

/** How many backslashes come right before `at`, looking no further back than `from`. */
function backslashesBefore(chunk: Buffer, at: number, from: number): number {
  let run = 0;
  while (at - 1 - run >= from && chunk[at - 1 - run] === backslash) run++;
  return run;
}

/**
 * The value of `chunk[from, to)` when it is an integer of at most 15 digits (exact as a double) or
 * `true`, `false`, `null`; undefined for anything else (read through its text, which also finds errors).
 */
function quickScalar(chunk: Buffer, from: number, to: number): number | boolean | null | undefined {
  const first = chunk[from]!;
  if (first === 0x74) return to - from === 4 && chunk[from + 1] === 0x72 && chunk[from + 2] === 0x75 && chunk[from + 3] === 0x65 ? true : undefined;
  if (first === 0x66) {
    return to - from === 5 && chunk[from + 1] === 0x61 && chunk[from + 2] === 0x6c && chunk[from + 3] === 0x73 && chunk[from + 4] === 0x65 ? false : undefined;
  }
  if (first === 0x6e) return to - from === 4 && chunk[from + 1] === 0x75 && chunk[from + 2] === 0x6c && chunk[from + 3] === 0x6c ? null : undefined;
  const negative = first === 0x2d;
  const digits = negative ? from + 1 : from;
  if (to - digits < 1 || to - digits > 15 || (chunk[digits] === 0x30 && to - digits > 1)) return undefined;
  let value = 0;
  for (let at = digits; at < to; at++) {
    const digit = chunk[at]! - 0x30;
    if (digit < 0 || digit > 9) return undefined;
    value = value * 10 + digit;
  }
  return negative ? -value : value;
}

/** Letters, digits, `+`, `-`, `.`: what a number or a literal is made of. */
function isScalarByte(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x41 && byte <= 0x5a) || byte === 0x2b || byte === 0x2d || byte === 0x2e;
}

/**
 * Where string content ending a chunk (without its closing quote) can be cut so that the part before
 * decodes alone: not inside an escape (`\n`, `\uD83D`) nor inside a UTF-8 character.
 */
function safeCut(chunk: Buffer, from: number, to: number): number {
  let cut = to;
  // An escape is at most 6 bytes: only a backslash among the last 6 can start an unfinished one.
  for (let at = to - 1; at >= from && at >= to - 6; at--) {
    if (chunk[at] !== backslash) continue;
    let run = 1;
    while (at - run >= from && chunk[at - run] === backslash) run++;
    if (run % 2 === 1) {
      const complete = at + 1 < to && (chunk[at + 1] === 0x75 ? at + 6 <= to : true);
      if (!complete) cut = at;
    }
    break;
  }
  // Back over the continuation bytes of a character that is not complete before the cut.
  let lead = cut - 1;
  while (lead >= from && lead > cut - 4 && (chunk[lead]! & 0xc0) === 0x80) lead--;
  if (lead >= from && chunk[lead]! >= 0xc0) {
    const needed = chunk[lead]! >= 0xf0 ? 4 : chunk[lead]! >= 0xe0 ? 3 : 2;
    if (cut - lead < needed) cut = lead;
  }
  return cut;
}
