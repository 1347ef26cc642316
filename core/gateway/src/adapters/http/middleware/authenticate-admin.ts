/**
 * Admin authentication for /graphql: `Authorization: Bearer <master key or admin token>`; the identity
 * goes to GraphQL, which decides what its role may do. Without a valid credential: 401, before
 * graphql-yoga sees the request (so no query, introspection or subscription runs). A browser asking
 * for the GraphiQL page (GET, text/html) gets it; its queries still need the credential. CORS
 * preflights pass through to graphql-yoga, which answers them from the configured origins.
 */
import type { Middleware } from 'koa';
import type { AdminAuthenticator } from '../../../services/admin-authenticator.ts';
import type { RequestState } from '../request-state.ts';

export function authenticateAdmin(authenticator: AdminAuthenticator): Middleware<RequestState> {
  return async function authenticateAdminMiddleware(ctx, next) {
    if (ctx.method === 'OPTIONS') return next();
    if (ctx.method === 'GET' && ctx.accepts('text/html', 'application/json', 'text/event-stream') === 'text/html' && !ctx.query.query) {
      return next();
    }
    const identity = await authenticator.authenticate(ctx.get('authorization'));
    if (!identity) {
      ctx.status = 401;
      ctx.set('www-authenticate', 'Bearer');
      ctx.body = {
        errors: [
          {
            message: 'Missing or invalid admin credential: send Authorization: Bearer <master key or admin token>',
            extensions: { code: 'UNAUTHENTICATED' },
          },
        ],
      };
      return;
    }
    ctx.state.admin = identity;
    await next();
  };
}
