/**
 * Reads a JSON request body with a size limit. The declared Content-Length is checked before a byte
 * is read; a body that grows past the limit while streaming is cut off. Any content type is parsed
 * as JSON, as OpenAI's own API does.
 */
import type { IncomingMessage } from 'node:http';
import { GatewayError, invalidRequest } from './gateway-error.ts';

export async function readJsonBody(request: IncomingMessage, limitBytes: number): Promise<unknown> {
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
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) {
      request.resume();
      throw tooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  if (size === 0) throw invalidRequest('The request body is empty; expected a JSON object');
  const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalidRequest(`The request body is not valid JSON: ${(error as Error).message}`);
  }
}
