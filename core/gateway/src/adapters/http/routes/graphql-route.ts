/** Hands /graphql to graphql-yoga, which writes the response itself (including SSE subscriptions). */
import type { Middleware } from 'koa';
import type { YogaServerInstance } from 'graphql-yoga';
import type { AdminServerContext, GraphQLContext } from '../../graphql/graphql-context.ts';
import type { RequestState } from '../request-state.ts';
import { graphqlEmptyAnswer } from '../graphql-empty-answer.ts';

export function graphqlRoute(yoga: YogaServerInstance<AdminServerContext, GraphQLContext>): Middleware<RequestState> {
  return async function graphql(ctx) {
    // A CORS preflight carries no credential; it never reaches a resolver.
    const admin = ctx.state.admin ?? { tokenId: 'anonymous', name: 'anonymous', role: 'VIEWER' as const };
    const response = await yoga.handleNodeRequestAndResponse(ctx.req, ctx.res, { admin, clientIp: ctx.state.clientIp });
    ctx.status = response.status;
    response.headers.forEach((value, name) => ctx.append(name, value));
    if (response.body === null && response.status >= 400) {
      ctx.remove('content-length');
      ctx.body = graphqlEmptyAnswer(response.status);
      ctx.type = 'application/json';
      ctx.status = response.status;
      return;
    }
    ctx.body = response.body;
  };
}
