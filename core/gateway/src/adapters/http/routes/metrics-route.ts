/** GET /metrics in Prometheus' text format, optionally behind a bearer token. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Registry } from 'prom-client';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

export function metricsRoute(registry: Registry, token: string | undefined): Middleware {
  const expected = token === undefined ? undefined : digest(token);
  return async function metrics(ctx, next) {
    if (ctx.path !== '/metrics' || ctx.method !== 'GET') return next();
    if (expected) {
      const match = /^Bearer\s+(.+)$/i.exec(ctx.get('authorization').trim());
      if (!match || !timingSafeEqual(digest(match[1]!.trim()), expected)) {
        ctx.status = 401;
        ctx.body = 'metrics need Authorization: Bearer <CONDUIT_METRICS_TOKEN>\n';
        return;
      }
    }
    ctx.type = registry.contentType;
    ctx.body = await registry.metrics();
  };
}
