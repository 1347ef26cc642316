/**
 * The /v1 surface on Koa: finds the endpoint declaration for the method and path and runs it through
 * the pipeline, which writes the whole response itself. A table, not a router: model ids may contain
 * slashes, and a lookup per request is all that is needed.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Middleware } from 'koa';
import { GatewayError } from '../../domain/gateway-error.ts';
import type { EndpointRoute } from '../../pipeline/endpoint-route.ts';
import type { Exchange } from '../../pipeline/exchange.ts';
import { openAIIngress, type Ingress } from '../../pipeline/ingress/ingress.ts';
import type { PipelineDependencies } from '../../pipeline/pipeline-dependencies.ts';
import { runEndpoint } from '../../pipeline/run-endpoint.ts';
import { sendError } from '../../pipeline/stages/send-error.ts';
import { recordFinished } from '../../pipeline/stages/record-finished.ts';
import { newRequestRecord } from '../../engine/usage/request-record.ts';
import type { RequestState } from './request-state.ts';
import { allowCrossOrigin, allowPreflight } from './v1-cors.ts';

export function v1Routes(routes: readonly EndpointRoute[], dependencies: PipelineDependencies): Middleware<RequestState> {
  const exact = new Map<string, EndpointRoute>();
  /** Exact routes taken only when the request carries their header, by method and path. */
  const onHeader = new Map<string, EndpointRoute[]>();
  // Routes taken on a header first, then those with a suffix: they stand before a route of the same path without one.
  const withId = routes
    .filter((route) => route.idFollows)
    .sort((a, b) => Number(b.header !== undefined) - Number(a.header !== undefined) || Number(b.suffix !== undefined) - Number(a.suffix !== undefined));
  for (const route of routes) {
    if (route.idFollows) continue;
    const key = `${route.method} ${route.path}`;
    if (route.header) onHeader.set(key, [...(onHeader.get(key) ?? []), route]);
    else exact.set(key, route);
  }
  const applies = (route: EndpointRoute, headers: IncomingHttpHeaders): boolean => route.header === undefined || headers[route.header] !== undefined;
  const idBetween = (route: EndpointRoute, path: string): boolean => {
    const suffix = route.suffix ?? '';
    return path.length > route.path.length + suffix.length && path.startsWith(route.path) && path.endsWith(suffix);
  };
  const find = (method: string, path: string, headers: IncomingHttpHeaders): EndpointRoute | undefined => {
    const normalized = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
    const key = `${method} ${normalized}`;
    const variants = onHeader.get(key);
    if (variants) for (const route of variants) if (applies(route, headers)) return route;
    const found = exact.get(key);
    if (found) return found;
    for (const route of withId) {
      if (route.method === method && idBetween(route, normalized) && applies(route, headers)) return route;
    }
    return undefined;
  };
  /** An unknown URL under a route of another wire format (`/v1/messages/batches`) is refused in that format. */
  const ingressBeside = (path: string, headers: IncomingHttpHeaders): Ingress => {
    for (const route of routes) {
      if (route.ingress && applies(route, headers) && (path === route.path || path.startsWith(`${route.path}/`))) return route.ingress;
    }
    return openAIIngress;
  };

  return async function v1(ctx, next) {
    const path = ctx.path;
    if (path !== '/v1' && !path.startsWith('/v1/')) return next();
    const state = ctx.state;
    const headers = ctx.req.headers;
    if (headers.origin !== undefined) {
      if (ctx.method === 'OPTIONS' && headers['access-control-request-method'] !== undefined) {
        allowPreflight(state.head, headers['access-control-request-headers']);
        ctx.status = 204;
        return;
      }
      allowCrossOrigin(state.head);
    }
    ctx.respond = false;
    const exchange: Exchange = {
      request: ctx.req,
      response: ctx.res,
      path,
      requestId: state.requestId,
      startedAt: state.startedAt,
      clientIp: state.clientIp,
      head: state.head,
      upstreamMs: 0,
    };
    // HEAD is answered like GET; Node drops the body of an answer to HEAD.
    const route = find(ctx.method === 'HEAD' ? 'GET' : ctx.method, path, headers);
    if (!route) {
      const unknown = new GatewayError({
        status: 404,
        type: 'invalid_request_error',
        code: 'unknown_url',
        message: `Unknown request URL: ${ctx.method} ${path}. Please check the URL for typos.`,
      });
      sendError(exchange, unknown, ingressBeside(path, headers));
      // Logged like every answer; `unknown`, not the path, since endpoint names are metric labels.
      recordFinished(dependencies.usage, dependencies.logger, exchange, newRequestRecord('unknown'), undefined, unknown);
      return;
    }
    state.key = await runEndpoint(route.endpoint, exchange, dependencies, route.ingress);
    state.clientIp = exchange.clientIp;
  };
}
