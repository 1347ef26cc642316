/** GET /graphql/assets/<file>: GraphiQL's scripts, styles and workers (see graphiql-assets.ts). Public: no secrets. */
import type { Middleware } from 'koa';
import { graphiqlAssets, graphiqlAssetsPath } from '../../graphql/graphiql-assets.ts';
import type { RequestState } from '../request-state.ts';

export function graphiqlAssetsRoute(): Middleware<RequestState> {
  return async function graphiqlAssetsMiddleware(ctx, next) {
    if (!ctx.path.startsWith(graphiqlAssetsPath) || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return next();
    const asset = (await graphiqlAssets()).get(ctx.path.slice(graphiqlAssetsPath.length));
    if (!asset) return next();
    ctx.type = asset.contentType;
    ctx.set('cache-control', 'public, max-age=86400');
    ctx.body = asset.body;
  };
}
