/**
 * Reads a JSON request body with a size limit. The declared Content-Length is checked before a byte
 * is read; a body that grows past the limit while streaming is cut off. Any content type is parsed
 * as JSON, as OpenAI's own API does. Its shape is bounded while it arrives (json-shape-limits.ts):
 * a body nested too deep or holding too many values is refused before it is parsed.
 *
 * A small body is parsed by JSON.parse once it is all there. A large one is parsed as it arrives
 * (incremental-json-parser.ts), a slice at a time with a turn of the event loop between slices when
 * it is already buffered: decoding and parsing 30 MB at once blocks every other request for tens of
 * milliseconds. Its long strings are marked while the request is served, so that upstream bodies
 * (`jsonRequestBody` in the plugin API) take them piece by piece and copy the plain ones as bytes.
 */
import type { IncomingMessage } from 'node:http';
import { markLongStrings } from '@conduit/plugin-api/internal';
import { GatewayError, invalidRequest } from '../../domain/gateway-error.ts';
import type { Exchange } from '../exchange.ts';
import { IncrementalJsonParser } from './incremental-json-parser.ts';
import { defaultJsonShapeLimits, JsonShapeScanner, type JsonShapeLimits } from './json-shape-limits.ts';

/** Bodies up to this size are parsed whole by JSON.parse (well under a millisecond). */
const incrementalFromBytes = 256 * 1024;
/** The most bytes scanned and parsed in one go, and between two turns of the event loop. */
const sliceBytes = 64 * 1024;
const bytesPerTurn = 128 * 1024;

export async function readJsonBody(
  exchange: Pick<Exchange, 'request' | 'response'>,
  limitBytes: number,
  shapeLimits: JsonShapeLimits = defaultJsonShapeLimits,
): Promise<unknown> {
  const { request } = exchange;
  const tooLarge = (): GatewayError =>
    new GatewayError({
      status: 413,
      type: 'invalid_request_error',
      code: 'request_too_large',
      message: `The request body is larger than the limit of ${limitBytes} bytes`,
    });
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    request.resume();
    throw tooLarge();
  }
  // Usually the whole body came with the head and is buffered by the time a route reads it.
  const buffered = request.complete && request.readableLength > 0 && request.readableLength <= incrementalFromBytes && !request.readableFlowing;
  const scanner = new JsonShapeScanner(shapeLimits);
  const body = buffered ? whole(request.read() as Buffer, limitBytes, scanner) : await readChunks(request, limitBytes, tooLarge, scanner);
  if (body.size > limitBytes) throw tooLarge();
  if (body.size === 0) throw invalidRequest('The request body is empty; expected a JSON object');
  try {
    if (body.parser === undefined) {
      const chunks = body.chunks;
      return JSON.parse((chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8'));
    }
    const value = body.parser.end();
    // Marked while the request is served: upstream bodies (retries and fallbacks too) take them in pieces.
    if (body.parser.longStrings.length > 0) exchange.response.once('close', markLongStrings(body.parser.longStrings));
    return value;
  } catch (error) {
    throw invalidRequest(`The request body is not valid JSON: ${(error as Error).message}`);
  }
}

/** A body read: its chunks (a small body), or the parser that has read it (a large one). */
interface BodyRead {
  size: number;
  chunks: Buffer[];
  parser?: IncrementalJsonParser;
}

function whole(chunk: Buffer, limitBytes: number, scanner: JsonShapeScanner): BodyRead {
  if (chunk.length <= limitBytes) scanner.scan(chunk);
  return { size: chunk.length, chunks: [chunk] };
}

/**
 * Collects the body with plain events: cheaper per request than async iteration of the stream. Past
 * `incrementalFromBytes` the chunks go to the parser as they come; a chunk larger than a slice, or a
 * backlog of buffered chunks, is taken a slice at a time with the stream paused between turns.
 */
function readChunks(request: IncomingMessage, limitBytes: number, tooLarge: () => GatewayError, scanner: JsonShapeScanner): Promise<BodyRead> {
  return new Promise((resolve, reject) => {
    const body: BodyRead = { size: 0, chunks: [] };
    let sinceTurn = 0;
    let ended = false;
    let waiting = false;
    let failed = false;
    const fail = (error: unknown): void => {
      failed = true;
      cleanup();
      // Refused while it arrives: the rest is read and dropped, never kept.
      request.resume();
      reject(error);
    };
    /** Scans and parses `chunk` from `from`, a slice at a time; false when it paused for a turn. */
    const feed = (chunk: Buffer, from: number): boolean => {
      const parser = body.parser!;
      while (from < chunk.length) {
        const slice = chunk.subarray(from, from + sliceBytes);
        from += slice.length;
        scanner.scan(slice);
        parser.feed(slice);
        sinceTurn += slice.length;
        if (sinceTurn >= bytesPerTurn) {
          sinceTurn = 0;
          waiting = true;
          request.pause();
          setImmediate(() => {
            waiting = false;
            if (failed) return;
            try {
              if (!feed(chunk, from)) return;
            } catch (error) {
              fail(error);
              return;
            }
            if (ended) finish();
            else request.resume();
          });
          return false;
        }
      }
      return true;
    };
    const onData = (chunk: Buffer): void => {
      body.size += chunk.length;
      if (body.size > limitBytes) {
        fail(tooLarge());
        return;
      }
      try {
        if (body.parser) {
          feed(chunk, 0);
          return;
        }
        scanner.scan(chunk);
        body.chunks.push(chunk);
        if (body.size > incrementalFromBytes) {
          body.parser = new IncrementalJsonParser();
          for (const held of body.chunks) body.parser.feed(held);
          body.chunks = [];
        }
      } catch (error) {
        fail(error);
      }
    };
    const finish = (): void => {
      cleanup();
      resolve(body);
    };
    const onEnd = (): void => {
      ended = true;
      if (!waiting) finish();
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const onClose = (): void => {
      if (request.complete) return;
      cleanup();
      reject(invalidRequest('The request body was cut off before it ended'));
    };
    const cleanup = (): void => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('close', onClose);
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('close', onClose);
  });
}
