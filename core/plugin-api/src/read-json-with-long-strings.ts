/**
 * Reads a JSON answer whose bulk is a few long plain strings (base64 images: megabytes each) without
 * decoding or parsing them in one go. The body's pieces are kept as they arrived, and scanned for
 * strings as they arrive (a native `indexOf` for each quote, so a string of megabytes costs one
 * search); once the body has ended, the JSON around the long strings is parsed (a few hundred bytes),
 * and each long string becomes a property that decodes its bytes when it is first read. A relay that
 * only forwards the answer's bytes and reads its small fields never decodes them at all, and keeps
 * one copy of the answer instead of three (the joined bytes, their text, the parsed strings).
 *
 * Long strings are those of at least `longStringBytes` bytes without a backslash (no escape to
 * undo): their bytes are their UTF-8 text. Their content is not checked further (a raw control
 * character in one, which JSON.parse would refuse, is kept); everything else is checked by JSON.parse.
 */
import { randomBytes } from 'node:crypto';
import { parseResponseJson } from './parse-response-json.ts';

/** Strings shorter than this are parsed by JSON.parse with the rest. */
const defaultLongStringBytes = 64 * 1024;

const quote = 0x22;
const backslash = 0x5c;

export interface JsonWithLongStrings {
  value: unknown;
  /** The body as it arrived. */
  pieces: Buffer[];
  byteLength: number;
}

/** Where a long string's content lies in the whole body (byte offsets, quotes excluded). */
interface Span {
  start: number;
  end: number;
}

export async function readJsonWithLongStrings(
  body: AsyncIterable<Uint8Array>,
  status: number,
  longStringBytes = defaultLongStringBytes,
): Promise<JsonWithLongStrings> {
  const pieces: Buffer[] = [];
  const spans: Span[] = [];
  let offset = 0;
  let inString = false;
  let stringStart = 0;
  let stringEscapes = false;
  // Backslashes that ended the previous piece inside a string (an odd count escapes the next byte).
  let trailingBackslashes = 0;
  for await (const chunk of body) {
    const piece = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    pieces.push(piece);
    let at = 0;
    for (;;) {
      const found = piece.indexOf(quote, at);
      if (found < 0) break;
      at = found + 1;
      if (!inString) {
        inString = true;
        stringStart = offset + found + 1;
        stringEscapes = false;
        trailingBackslashes = 0;
        continue;
      }
      if (backslashesBefore(piece, found, trailingBackslashes) % 2 === 1) continue;
      inString = false;
      trailingBackslashes = 0;
      const end = offset + found;
      if (end - stringStart < longStringBytes) continue;
      // The string's part in this piece (earlier parts were searched when their piece ended).
      if (!stringEscapes && piece.subarray(Math.max(0, stringStart - offset), found).indexOf(backslash) < 0) spans.push({ start: stringStart, end });
    }
    if (inString) {
      const from = Math.max(0, stringStart - offset);
      if (piece.indexOf(backslash, from) >= 0) stringEscapes = true;
      const run = trailingRun(piece, from);
      // A run that fills the string's whole part here continues the one the previous piece ended with.
      trailingBackslashes = run === piece.length - from && from === 0 ? trailingBackslashes + run : run;
    }
    offset += piece.length;
  }
  return { value: parseAround(pieces, spans, offset, status), pieces, byteLength: offset };
}

/** The backslashes right before `index` (counting those that ended the previous piece when the run reaches its start). */
function backslashesBefore(piece: Buffer, index: number, carried: number): number {
  let count = 0;
  let at = index - 1;
  while (at >= 0 && piece[at] === backslash) {
    count++;
    at--;
  }
  return at < 0 ? count + carried : count;
}

/** The backslashes that end the piece, from `from` on. */
function trailingRun(piece: Buffer, from: number): number {
  let count = 0;
  for (let at = piece.length - 1; at >= from && piece[at] === backslash; at--) count++;
  return count;
}

/**
 * Parses the body with each long string replaced by a placeholder, then puts each back as a property
 * that decodes its bytes on first read. A placeholder carries a random tag, so no string of the
 * answer can be taken for one.
 */
function parseAround(pieces: readonly Buffer[], spans: readonly Span[], byteLength: number, status: number): unknown {
  const whole = { pieces, byteLength };
  if (spans.length === 0) return parseResponseJson(textOf(bytesBetween(whole, 0, byteLength)), status);
  const tag = `\u0000conduit-long-string-${randomBytes(6).toString('hex')}-`;
  const tagJson = JSON.stringify(tag).slice(1, -1);
  const parts: Buffer[] = [];
  let from = 0;
  spans.forEach((span, index) => {
    parts.push(bytesBetween(whole, from, span.start), Buffer.from(tagJson + index, 'latin1'));
    from = span.end;
  });
  parts.push(bytesBetween(whole, from, byteLength));
  const value = parseResponseJson(textOf(Buffer.concat(parts)), status);
  const decoders = spans.map((span) => () => bytesBetween(whole, span.start, span.end).toString('utf8'));
  return restoreLongStrings(value, tag, decoders);
}

function restoreLongStrings(value: unknown, tag: string, decoders: ReadonlyArray<() => string>): unknown {
  if (typeof value === 'string') return value.startsWith(tag) ? decoders[Number(value.slice(tag.length))]!() : value;
  if (value === null || typeof value !== 'object') return value;
  const container = value as Record<string, unknown>;
  for (const key of Object.keys(container)) {
    const item = container[key];
    if (key.startsWith(tag)) {
      // A long key (never seen in practice): put back as it was, decoded at once.
      delete container[key];
      container[decoders[Number(key.slice(tag.length))]!()] = restoreLongStrings(item, tag, decoders);
      continue;
    }
    if (typeof item === 'string' && item.startsWith(tag)) {
      defineLazyString(container, key, decoders[Number(item.slice(tag.length))]!);
    } else if (item !== null && typeof item === 'object') {
      restoreLongStrings(item, tag, decoders);
    }
  }
  return value;
}

/** An own, enumerable property that decodes the string when first read and keeps it from then on. */
function defineLazyString(target: Record<string, unknown>, key: string, decode: () => string): void {
  Object.defineProperty(target, key, {
    configurable: true,
    enumerable: true,
    get(): string {
      const text = decode();
      Object.defineProperty(target, key, { value: text, writable: true, configurable: true, enumerable: true });
      return text;
    },
    set(text: unknown): void {
      Object.defineProperty(target, key, { value: text, writable: true, configurable: true, enumerable: true });
    },
  });
}

/** The body's bytes from `start` to `end`, copied only when they span pieces. */
function bytesBetween(whole: { pieces: readonly Buffer[] }, start: number, end: number): Buffer {
  const slices: Buffer[] = [];
  let offset = 0;
  for (const piece of whole.pieces) {
    const pieceEnd = offset + piece.length;
    if (pieceEnd > start && offset < end) slices.push(piece.subarray(Math.max(0, start - offset), Math.min(piece.length, end - offset)));
    if (pieceEnd >= end) break;
    offset = pieceEnd;
  }
  return slices.length === 1 ? slices[0]! : Buffer.concat(slices);
}

/** As undici's text(): UTF-8, without a leading byte order mark. */
function textOf(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
