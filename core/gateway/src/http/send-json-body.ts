/**
 * Sends an OpenAI-shaped answer: the upstream's own JSON text when the plugin parsed it and left it
 * unchanged (see `rawJsonOf` in the plugin API), else its serialisation. Written to the Node response
 * directly, with `x-conduit-overhead-ms`: Koa's body, length and header setters allocate several
 * arrays per header on every request.
 */
import { rawJsonOf } from '@conduit/plugin-api';
import type { GatewayContext } from './request-state.ts';
import { setOverheadHeader } from './upstream-time.ts';

export function sendJsonBody(ctx: GatewayContext, value: object): void {
  const text = rawJsonOf(value) ?? JSON.stringify(value);
  const response = ctx.res;
  ctx.respond = false;
  response.statusCode = 200;
  response.setHeader('content-type', 'application/json; charset=utf-8');
  response.setHeader('content-length', Buffer.byteLength(text));
  setOverheadHeader(ctx);
  response.end(text);
}
