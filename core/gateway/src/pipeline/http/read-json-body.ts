/**
 * Reads a JSON request body with a size limit. The declared Content-Length is checked before a byte
 * is read; a body that grows past the limit while streaming is cut off. Any content type is parsed
 * as JSON, as OpenAI's own API does. Its shape is bounded while it arrives (json-shape-limits.ts):
 * a body nested too deep or holding too many values is refused before it is parsed.
 */
import type { IncomingMessage } from 'node:http';
import { GatewayError, invalidRequest } from '../../domain/gateway-error.ts';
import { defaultJsonShapeLimits, JsonShapeScanner, type JsonShapeLimits } from './json-shape-limits.ts';

export async function readJsonBody(request: IncomingMessage, limitBytes: number, shapeLimits: JsonShapeLimits = defaultJsonShapeLimits): Promise<unknown> {
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
  const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalidRequest(`The request body is not valid JSON: ${(error as Error).message}`);
  }
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
