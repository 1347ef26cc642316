/**
 * Serialises a request body for an upstream call: the same JSON as `JSON.stringify(payload)`.
 *
 * A small payload is serialised at once. A large one (a base64 image, a long document, thousands of
 * messages) comes back as a `JsonRequestBody`: it is serialised a slice at a time with a turn of the
 * event loop between slices, because JSON.stringify of 30 MB blocks every other request for tens of
 * milliseconds. Long strings the gateway marked (`markLongStrings` in `@conduit/plugin-api/internal`)
 * are taken piece by piece, and plain ones copied as the bytes the client sent. The HTTP client of
 * the plugin context sends a `JsonRequestBody` with its length once it is serialised; any other
 * client can iterate it. The payload must not change until the request is sent.
 */
import { piecesInTurns } from './pieces-in-turns.ts';
import { serializeJsonInSlices, sizeUpTo } from './serialize-json-in-slices.ts';

/** Payloads smaller than this (characters, about) are serialised by one JSON.stringify. */
export const sliceChars = 64 * 1024;

const jsonRequestBodyMark = Symbol.for('conduit.jsonRequestBody');

/** A large payload's JSON, serialised in slices; iterate it, or await `serialized()`. */
export class JsonRequestBody implements AsyncIterable<Uint8Array> {
  readonly [jsonRequestBodyMark] = true;
  private readonly pieces: Promise<{ pieces: Uint8Array[]; byteLength: number }>;

  constructor(payload: unknown) {
    this.pieces = serializeJsonInSlices(payload, sliceChars);
    // A failure (a cycle, a BigInt) reaches whoever awaits it, not the process.
    this.pieces.catch(() => {});
  }

  /** Whether `value` is one, also when it comes from another copy of this package. */
  static isInstance(value: unknown): value is JsonRequestBody {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[jsonRequestBodyMark] === true;
  }

  /** The body's bytes, in pieces, and its length. */
  serialized(): Promise<{ pieces: Uint8Array[]; byteLength: number }> {
    return this.pieces;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    yield* piecesInTurns((await this.pieces).pieces);
  }
}

/** The JSON text of `payload`: a string for a small payload, else a body serialised in slices. */
export function jsonRequestBody(payload: unknown): string | JsonRequestBody {
  if (sizeUpTo(payload, sliceChars * 4) < sliceChars * 4) return JSON.stringify(payload);
  return new JsonRequestBody(payload);
}
