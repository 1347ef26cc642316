/**
 * Admin authentication for /graphql: `Authorization: Bearer <master key>`. Compared in constant time.
 * A browser asking for the GraphiQL page (GET, text/html) gets it; its queries still need the key.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Middleware } from 'koa';
import type { RequestState } from '../request-state.ts';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

export function requireMasterKey(masterKey: string): Middleware<RequestState> {
  const expected = digest(masterKey);
  return async function requireMasterKeyMiddleware(ctx, next) {
    if (ctx.method === 'GET' && ctx.accepts('text/html', 'application/json') === 'text/html' && !ctx.query.query) {
      return next();
    }
    const match = /^Bearer\s+(.+)$/i.exec(ctx.get('authorization').trim());
    if (!match || !timingSafeEqual(digest(match[1]!.trim()), expected)) {
      ctx.status = 401;
      ctx.set('www-authenticate', 'Bearer');
      ctx.body = {
        errors: [{ message: 'Missing or invalid master key: send Authorization: Bearer <CONDUIT_MASTER_KEY>', extensions: { code: 'UNAUTHENTICATED' } }],
      };
      return;
    }
    await next();
  };
}
