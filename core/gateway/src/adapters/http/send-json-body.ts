/**
 * Sends an OpenAI-shaped answer: the upstream's own JSON text when the plugin parsed it and left it
 * unchanged (see `rawJsonOf` in the plugin API), else its serialisation. Written to the Node response
 * directly, with the request's gathered headers and `x-conduit-overhead-ms` (see response-head.ts):
 * Koa's body, length and header setters allocate several arrays per header on every request.
 */
import { rawJsonOf } from '@conduit/plugin-api/internal';
import type { GatewayContext } from './request-state.ts';
import { setOverheadHeader } from './upstream-time.ts';

export function sendJsonBody(ctx: GatewayContext, value: object): void {
  const text = rawJsonOf(value) ?? JSON.stringify(value);
  const response = ctx.res;
  const head = ctx.state.head;
  ctx.respond = false;
  head.set('content-type', 'application/json; charset=utf-8');
  head.set('content-length', String(Buffer.byteLength(text)));
  setOverheadHeader(ctx);
  head.writeTo(response, 200);
  response.end(text);
}
