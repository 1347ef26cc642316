/**
 * JSON.stringify in slices: the same text, produced as pieces by a walk that hands every sub-value
 * smaller than a slice to JSON.stringify whole, goes into larger arrays and objects, and cuts long
 * strings into slices (marked long strings by their own pieces, plain ones as their bytes), with a
 * turn of the event loop whenever a slice's worth of work is done.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { longStringOf } from './long-strings.ts';

type Piece = string | Uint8Array;

/** Bytes of JSON made between two turns of the event loop. */
const bytesPerTurn = 128 * 1024;

export async function serializeJsonInSlices(payload: unknown, sliceChars: number): Promise<{ pieces: Uint8Array[]; byteLength: number }> {
  const pieces: Uint8Array[] = [];
  let byteLength = 0;
  let text = '';
  let sinceTurn = 0;
  const flush = (): void => {
    if (text.length === 0) return;
    const bytes = Buffer.from(text, 'utf8');
    text = '';
    pieces.push(bytes);
    byteLength += bytes.length;
    sinceTurn += bytes.length;
  };
  // Begun on a turn of its own: the caller is usually at the end of a stretch of work already.
  await nextTurn();
  const value = toJsonValue(payload, '');
  if (omitted(value)) throw new TypeError('The request payload has no JSON text (it is undefined, a function or a symbol)');
  for (const piece of jsonPieces(value, sliceChars, [])) {
    if (typeof piece === 'string') {
      text += piece;
      if (text.length >= sliceChars) flush();
    } else {
      flush();
      pieces.push(piece);
      byteLength += piece.length;
      sinceTurn += piece.length;
    }
    if (sinceTurn >= bytesPerTurn) {
      sinceTurn = 0;
      await nextTurn();
    }
  }
  flush();
  return { pieces, byteLength };
}

function* jsonPieces(value: unknown, sliceChars: number, ancestors: object[]): Generator<Piece> {
  if (typeof value === 'string') {
    if (value.length < sliceChars) yield JSON.stringify(value);
    else yield* longStringPieces(value, sliceChars);
    return;
  }
  if (value === null || typeof value !== 'object' || !isPlainContainer(value) || sizeBelow(value, sliceChars)) {
    yield JSON.stringify(value);
    return;
  }
  if (ancestors.includes(value)) throw new TypeError('Converting circular structure to JSON');
  ancestors.push(value);
  if (Array.isArray(value)) {
    yield '[';
    for (let index = 0; index < value.length; index++) {
      if (index > 0) yield ',';
      const item = toJsonValue(value[index], String(index));
      if (omitted(item)) yield 'null';
      else yield* jsonPieces(item, sliceChars, ancestors);
    }
    yield ']';
  } else {
    const holder = value as Record<string, unknown>;
    let first = true;
    yield '{';
    for (const key of Object.keys(holder)) {
      const item = toJsonValue(holder[key], key);
      if (omitted(item)) continue;
      yield `${first ? '' : ','}${JSON.stringify(key)}:`;
      first = false;
      yield* jsonPieces(item, sliceChars, ancestors);
    }
    yield '}';
  }
  ancestors.pop();
}

/** A long string between quotes: its bytes when marked plain, else its pieces (or slices) escaped one by one. */
function* longStringPieces(value: string, sliceChars: number): Generator<Piece> {
  const marked = longStringOf(value);
  yield '"';
  if (marked?.bytes) {
    yield* marked.bytes;
  } else {
    // A piece never ends between the two halves of a surrogate pair: alone, each would be escaped.
    let held = '';
    for (const piece of marked?.pieces ?? [value]) {
      for (let from = 0; from < piece.length; from += sliceChars) {
        let slice = held + piece.slice(from, from + sliceChars);
        held = '';
        const last = slice.charCodeAt(slice.length - 1);
        if (last >= 0xd800 && last <= 0xdbff) {
          held = slice.slice(-1);
          slice = slice.slice(0, -1);
        }
        yield JSON.stringify(slice).slice(1, -1);
      }
    }
    if (held) yield JSON.stringify(held).slice(1, -1);
  }
  yield '"';
}

/** The value JSON.stringify serialises for `value` under `key`: what its toJSON gives, if it has one. */
function toJsonValue(value: unknown, key: string): unknown {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return (value as { toJSON(key: string): unknown }).toJSON(key);
  }
  return value;
}

function omitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** Arrays and plain objects: what the walk goes into (anything else is JSON.stringify's to serialise). */
function isPlainContainer(value: object): boolean {
  if (Array.isArray(value)) return true;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** Whether `value` serialises to fewer than about `limit` characters, looking at no more than that. */
function sizeBelow(value: object, limit: number): boolean {
  return sizeUpTo(value, limit) < limit;
}

/** About how many characters `value` serialises to, counted up to `limit` (then it stops). */
export function sizeUpTo(value: unknown, limit: number): number {
  if (typeof value === 'string') return value.length + 2;
  if (value === null || typeof value !== 'object') return 8;
  let size = 2;
  if (Array.isArray(value)) {
    for (const item of value) {
      size += sizeUpTo(item, limit - size) + 1;
      if (size >= limit) return size;
    }
    return size;
  }
  const holder = value as Record<string, unknown>;
  for (const key in holder) {
    size += key.length + 4 + sizeUpTo(holder[key], limit - size);
    if (size >= limit) return size;
  }
  return size;
}

