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
const sliceBytes = 16 * 1024;
const bytesPerTurn = 16 * 1024;

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
 * `incrementalFromBytes` the chunks go to the parser as they come, a slice at a time; when a turn of
 * the event loop is due with work left (a large chunk, or a backlog of buffered ones arriving in one
 * go), the stream is paused for that turn.
 */
function readChunks(request: IncomingMessage, limitBytes: number, tooLarge: () => GatewayError, scanner: JsonShapeScanner): Promise<BodyRead> {
  return new Promise((resolve, reject) => {
    const body: BodyRead = { size: 0, chunks: [] };
    /** Chunks waiting for the parser, how far the first has been read, and how many at the front were scanned already. */
    const queue: Buffer[] = [];
    let head = 0;
    let scanned = 0;
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
    /** Scans and parses the queue; returns false when it stopped for a turn of the event loop. */
    const drain = (): boolean => {
      const parser = body.parser!;
      while (queue.length > 0) {
        if (sinceTurn >= bytesPerTurn) {
          sinceTurn = 0;
          waiting = true;
          request.pause();
          setImmediate(afterTurn);
          return false;
        }
        const chunk = queue[0]!;
        const slice = chunk.subarray(head, head + sliceBytes);
        head += slice.length;
        if (scanned === 0) scanner.scan(slice);
        if (head >= chunk.length) {
          queue.shift();
          head = 0;
          if (scanned > 0) scanned--;
        }
        parser.feed(slice);
        sinceTurn += slice.length;
      }
      return true;
    };
    const afterTurn = (): void => {
      waiting = false;
      if (failed) return;
      try {
        if (!drain()) return;
      } catch (error) {
        fail(error);
        return;
      }
      if (ended) finish();
      else request.resume();
    };
    const onData = (chunk: Buffer): void => {
      body.size += chunk.length;
      if (body.size > limitBytes) {
        fail(tooLarge());
        return;
      }
      try {
        if (body.parser) {
          queue.push(chunk);
          if (!waiting) drain();
          return;
        }
        scanner.scan(chunk);
        body.chunks.push(chunk);
        if (body.size <= incrementalFromBytes) return;
        body.parser = new IncrementalJsonParser();
        queue.push(...body.chunks);
        scanned = body.chunks.length;
        body.chunks = [];
        drain();
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
      failed = true;
      cleanup();
      reject(error);
    };
    const onClose = (): void => {
      if (request.complete) return;
      failed = true;
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
