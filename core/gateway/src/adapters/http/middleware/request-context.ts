/**
 * First middleware: gives every request an id (the client's `x-request-id` when it is sane), a start
 * time and the client address, and writes one access-log line on the way out.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Middleware } from 'koa';
import type { Logger } from '../../../ports/logger.ts';
import type { RequestState } from '../request-state.ts';
import { ResponseHead } from '../../../pipeline/http/response-head.ts';

const saneRequestId = /^[A-Za-z0-9._:-]{1,64}$/;

export function requestContext(logger: Logger): Middleware<RequestState> {
  return async function requestContextMiddleware(ctx, next) {
    const given = ctx.get('x-request-id');
    const requestId = saneRequestId.test(given) ? given : `req_${randomUUID().replaceAll('-', '')}`;
    ctx.state.requestId = requestId;
    ctx.state.startedAt = performance.now();
    ctx.state.clientIp = ctx.request.ip;
    const head = new ResponseHead();
    head.set('x-request-id', requestId);
    ctx.state.head = head;
    try {
      await next();
      // A response Koa writes from ctx.body (the /v1 answers and streams write their head themselves).
      if (ctx.respond !== false && !ctx.headerSent) head.applyTo(ctx.res);
    } finally {
      if (logger.isLevelEnabled('info')) {
        logger.info(
          {
            requestId,
            method: ctx.method,
            path: ctx.path,
            status: ctx.status,
            ms: Math.round((performance.now() - ctx.state.startedAt) * 10) / 10,
            key: ctx.state.key?.id,
          },
          'request',
        );
      }
    }
  };
}
