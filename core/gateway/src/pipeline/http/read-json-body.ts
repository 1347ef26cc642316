/**
 * Reads a JSON request body with a size limit. The declared Content-Length is checked before a byte
 * is read; a body that grows past the limit while streaming is cut off. Any content type is parsed
 * as JSON, as OpenAI's own API does. Its shape is bounded while it arrives (json-shape-limits.ts):
 * a body nested too deep or holding too many values is refused before it is parsed.
 *
 * A body of long plain strings (a base64 image, a long document) is parsed without them: JSON.parse
 * reads the rest, each long string is decoded from its bytes on its own, and it is marked verbatim so
 * that an upstream body copies it as bytes (`jsonRequestBody` in the plugin API). Parsing and
 * serialising 30 MB as text blocks the event loop for hundreds of milliseconds; this takes a few.
 */
import type { IncomingMessage } from 'node:http';
import { randomBytes } from 'node:crypto';
import { markVerbatimStrings } from '@conduit/plugin-api/internal';
import { GatewayError, invalidRequest } from '../../domain/gateway-error.ts';
import type { Exchange } from '../exchange.ts';
import { defaultJsonShapeLimits, JsonShapeScanner, type JsonShapeLimits, type VerbatimSpan } from './json-shape-limits.ts';

/** Below this many bytes of long strings in all, the body is parsed whole: setting them apart would not pay. */
const verbatimMinTotalBytes = 256 * 1024;

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
  const buffered = request.complete && request.readableLength > 0 && !request.readableFlowing;
  const scanner = new JsonShapeScanner(shapeLimits);
  let chunks: Buffer[];
  if (buffered) {
    chunks = [request.read() as Buffer];
    if (chunks[0]!.length <= limitBytes) scanner.scan(chunks[0]!);
  } else {
    chunks = await readChunks(request, limitBytes, tooLarge, scanner);
  }
  let size = 0;
  for (const chunk of chunks) size += chunk.length;
  if (size > limitBytes) throw tooLarge();
  if (size === 0) throw invalidRequest('The request body is empty; expected a JSON object');
  const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
  const spans = scanner.verbatimSpans;
  let spanBytes = 0;
  for (const span of spans) spanBytes += span.end - span.start;
  try {
    if (spanBytes < verbatimMinTotalBytes) return JSON.parse(body.toString('utf8'));
    const { parsed, strings } = parseApart(body, spans);
    // Marked while the request is served: upstream bodies (retries and fallbacks too) copy them as bytes.
    exchange.response.once('close', markVerbatimStrings(strings));
    return parsed;
  } catch (error) {
    throw invalidRequest(`The request body is not valid JSON: ${(error as Error).message}`);
  }
}

/** JSON.parse of the body with each long string replaced by a placeholder, then the strings put back. */
function parseApart(body: Buffer, spans: readonly VerbatimSpan[]): { parsed: unknown; strings: string[] } {
  const nonce = `\\u0000${randomBytes(9).toString('base64url')}:`;
  const pieces: Buffer[] = [];
  const strings = new Map<string, VerbatimSpan>();
  let from = 0;
  spans.forEach((span, index) => {
    pieces.push(body.subarray(from, span.start), Buffer.from(nonce + index));
    strings.set(JSON.parse(`"${nonce}${index}"`) as string, span);
    from = span.end;
  });
  pieces.push(body.subarray(from));
  const parsed: unknown = JSON.parse(Buffer.concat(pieces).toString('utf8'));
  const restored: string[] = [];
  const restore = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const span = value.charCodeAt(0) === 0 ? strings.get(value) : undefined;
      if (!span) return value;
      const string = body.toString('utf8', span.start, span.end);
      restored.push(string);
      return string;
    }
    if (value === null || typeof value !== 'object') return value;
    const holder = value as Record<string, unknown>;
    for (const key of Object.keys(holder)) {
      const item = holder[key];
      const next = restore(item);
      if (next !== item) holder[key] = next;
      // A long key: put back under its own name (its value moves to the end of the object).
      const span = key.charCodeAt(0) === 0 ? strings.get(key) : undefined;
      if (span) {
        holder[body.toString('utf8', span.start, span.end)] = holder[key];
        delete holder[key];
      }
    }
    return value;
  };
  return { parsed: restore(parsed), strings: restored };
}

/** Collects the body with plain events: cheaper per request than async iteration of the stream. */
function readChunks(request: IncomingMessage, limitBytes: number, tooLarge: () => GatewayError, scanner: JsonShapeScanner): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limitBytes) {
        cleanup();
        request.resume();
        reject(tooLarge());
        return;
      }
      try {
        scanner.scan(chunk);
      } catch (error) {
        // Refused while it arrives: the rest is read and dropped, never kept.
        cleanup();
        request.resume();
        reject(error);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(chunks);
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
