/** Hands /graphql to graphql-yoga, which writes the response itself (including SSE subscriptions). */
import type { Middleware } from 'koa';
import type { YogaServerInstance } from 'graphql-yoga';
import type { GraphQLContext } from '../../graphql/graphql-context.ts';
import type { RequestState } from '../request-state.ts';

export function graphqlRoute(yoga: YogaServerInstance<{}, GraphQLContext>): Middleware<RequestState> {
  return async function graphql(ctx) {
    const response = await yoga.handleNodeRequestAndResponse(ctx.req, ctx.res);
    ctx.status = response.status;
    response.headers.forEach((value, name) => ctx.append(name, value));
    ctx.body = response.body;
  };
}
