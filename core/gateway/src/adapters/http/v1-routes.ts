/**
 * The /v1 surface: OpenAI error mapping and usage recording around everything, virtual-key
 * authentication, then the route for the method and path. A table, not a router: model ids may
 * contain slashes, and a lookup per request is all that is needed.
 */
import type { Middleware } from 'koa';
import type { Logger } from '../../ports/logger.ts';
import type { VirtualKeyCache } from '../../engine/keys/virtual-key-cache.ts';
import type { UsageRecorder } from '../../engine/usage/usage-recorder.ts';
import type { IpFilterChecks } from '../../engine/ip-filter/ip-filter-checks.ts';
import { GatewayError } from '../../domain/gateway-error.ts';
import { authenticateVirtualKey } from '../../pipeline/stages/authenticate.ts';
import { openAIErrors } from '../../pipeline/stages/finish-request.ts';
import type { RequestState } from './request-state.ts';
import { chatCompletionsRoute } from '../../pipeline/endpoints/openai/chat-completions-endpoint.ts';
import { completionsRoute } from '../../pipeline/endpoints/openai/completions-endpoint.ts';
import { embeddingsRoute } from '../../pipeline/endpoints/openai/embeddings-endpoint.ts';
import { listModelsRoute, retrieveModelRoute } from '../../pipeline/endpoints/openai/models-endpoints.ts';
import type { RouteDependencies } from '../../pipeline/pipeline-dependencies.ts';

export interface V1Dependencies extends RouteDependencies {
  logger: Logger;
  keys: VirtualKeyCache;
  usage: UsageRecorder;
  /** The IP filter: global rules before authentication, the key's after. */
  ipFilter?: IpFilterChecks;
  /** Adds x-ratelimit-* headers to authenticated responses the admission did not count. */
  rateLimitHeaders?: Middleware<RequestState>;
}

type Handler = Middleware<RequestState>;

export function v1Routes(dependencies: V1Dependencies): Middleware<RequestState> {
  const exact = new Map<string, Handler>([
    ['POST /v1/chat/completions', chatCompletionsRoute(dependencies)],
    ['POST /v1/completions', completionsRoute(dependencies)],
    ['POST /v1/embeddings', embeddingsRoute(dependencies)],
    ['GET /v1/models', listModelsRoute(dependencies)],
  ]);
  const retrieveModel = retrieveModelRoute(dependencies);
  const errors = openAIErrors({ logger: dependencies.logger, usage: dependencies.usage });
  const authenticate = authenticateVirtualKey(dependencies.keys);
  const ipFilter = dependencies.ipFilter;
  const rateLimitHeaders = dependencies.rateLimitHeaders;
  const done = async (): Promise<void> => {};

  const route = (method: string, path: string): Handler | undefined => {
    const normalized = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
    const found = exact.get(`${method} ${normalized}`);
    if (found) return found;
    if (method === 'GET' && normalized.startsWith('/v1/models/')) {
      return (ctx, next) => {
        (ctx as unknown as { params: { model: string } }).params = { model: normalized.slice('/v1/models/'.length) };
        return retrieveModel(ctx, next);
      };
    }
    return undefined;
  };

  return async function v1(ctx, next) {
    if (ctx.path !== '/v1' && !ctx.path.startsWith('/v1/')) return next();
    const handler = route(ctx.method, ctx.path);
    await errors(ctx, async () => {
      if (!handler) {
        throw new GatewayError({
          status: 404,
          type: 'invalid_request_error',
          code: 'unknown_url',
          message: `Unknown request URL: ${ctx.method} ${ctx.path}. Please check the URL for typos.`,
        });
      }
      ipFilter?.beforeAuthentication(ctx);
      await authenticate(ctx);
      ipFilter?.afterAuthentication(ctx);
      await (rateLimitHeaders ? rateLimitHeaders(ctx, () => handler(ctx, done)) : handler(ctx, done));
    });
  };
}
