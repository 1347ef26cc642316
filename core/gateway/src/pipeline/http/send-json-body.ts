/**
 * Sends an OpenAI-shaped answer: the upstream's own JSON text when the plugin parsed it and left it
 * unchanged (see `rawJsonOf` in the plugin API), else its serialisation. Written to the Node response
 * directly, with the request's gathered headers and `x-conduit-overhead-ms` (see response-head.ts):
 * Koa's body, length and header setters allocate several arrays per header on every request.
 */
import { rawJsonOf } from '@conduit/plugin-api/internal';
import type { Exchange } from '../exchange.ts';
import { setOverheadHeader } from './upstream-time.ts';

export function sendJsonBody(exchange: Exchange, value: object, status = 200): void {
  sendJsonText(exchange, rawJsonOf(value) ?? JSON.stringify(value), status);
}

/** Sends JSON text as it is. */
export function sendJsonText(exchange: Exchange, text: string, status: number): void {
  sendText(exchange, 'application/json; charset=utf-8', text, status);
}

/** Sends text of any type (JSON, or a transcript as plain text, SRT, WebVTT). */
export function sendText(exchange: Exchange, contentType: string, text: string, status = 200): void {
  const head = exchange.head;
  head.set('content-type', contentType);
  head.set('content-length', String(Buffer.byteLength(text)));
  setOverheadHeader(exchange);
  head.writeTo(exchange.response, status);
  exchange.response.end(text);
}
