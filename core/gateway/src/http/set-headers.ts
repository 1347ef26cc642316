/** Sets response headers on the Node response itself: Koa's `ctx.set` passes each through three layers. */
import type { ServerResponse } from 'node:http';

export function setHeaders(response: ServerResponse, headers: Readonly<Record<string, string>>): void {
  for (const name in headers) response.setHeader(name, headers[name]!);
}
