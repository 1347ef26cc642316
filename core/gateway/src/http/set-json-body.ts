/**
 * Sets an OpenAI-shaped answer as the response body: the upstream's own JSON text when the plugin
 * parsed it and left it unchanged (see `rawJsonOf` in the plugin API), else the object for Koa to
 * serialise.
 */
import { rawJsonOf } from '@conduit/plugin-api';
import type { GatewayContext } from './request-state.ts';

export function setJsonBody(ctx: GatewayContext, value: object): void {
  const raw = rawJsonOf(value);
  if (raw === undefined) {
    ctx.body = value;
    return;
  }
  // The header directly: Koa's `type` setter looks the type up on every call.
  ctx.set('Content-Type', 'application/json; charset=utf-8');
  ctx.body = raw;
}
