/**
 * The GraphQL endpoint: graphql-yoga over the Pothos schema. Input and not-found errors reach the
 * client with their message and a code; anything else is masked so internals never leak. The same
 * yoga instance serves HTTP (queries, mutations, SSE subscriptions) and graphql-ws (see
 * graphql-ws-server.ts), so both get the same validation rules, depth and cost limits.
 */
import { GraphQLError } from 'graphql';
import { createYoga, maskError, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from '../../ports/logger.ts';
import { InputError, NotFoundError } from '../../services/input-error.ts';
import type { AdminServerContext, AdminServices, GraphQLContext } from './graphql-context.ts';
import { costLimit } from './cost-limit.ts';
import { queryLimits } from './query-limits.ts';
import { renderGraphiQLPage } from './graphiql-assets.ts';
import type { LiveSubscriptions } from './live/live-subscriptions.ts';
import { buildSchema } from './schema.ts';
import { endLapsedSubscriptions, type CredentialWatch } from './end-lapsed-subscriptions.ts';

export interface GraphQLOptions {
  services: AdminServices;
  live: LiveSubscriptions;
  logger: Logger;
  /** Ends a subscription when the admin token that opened it is revoked or expires. */
  sessions?: CredentialWatch;
  /** Origins allowed to call /graphql from a browser; empty: no CORS headers at all. */
  corsOrigins?: readonly string[];
}

export type AdminYoga = YogaServerInstance<AdminServerContext, GraphQLContext>;

export function createGraphQL(options: GraphQLOptions): AdminYoga {
  const origins = options.corsOrigins ?? [];
  return createYoga<AdminServerContext, GraphQLContext>({
    schema: buildSchema(),
    graphqlEndpoint: '/graphql',
    graphiql: { title: 'Conduit admin API' },
    renderGraphiQL: renderGraphiQLPage,
    landingPage: false,
    logging: false,
    // Only a listed origin is echoed back; any other gets no CORS header at all.
    cors: (request) => {
      const origin = request.headers.get('origin');
      if (origin === null || !origins.includes(origin)) return false;
      return { origin, allowedHeaders: ['authorization', 'content-type', 'accept'], credentials: false, maxAge: 600 };
    },
    context: ({ admin, clientIp }) => ({ services: options.services, live: options.live, admin, clientIp }),
    plugins: [queryLimits(), costLimit(500), ...(origins.length > 0 ? [varyByOrigin] : []), ...(options.sessions ? [endLapsedSubscriptions(options.sessions)] : [])],
    maskedErrors: {
      maskError(error, message, isDev) {
        const original = error instanceof GraphQLError ? error.originalError : error;
        if (original instanceof InputError) {
          return new GraphQLError(original.message, { extensions: { code: 'BAD_USER_INPUT', field: original.field } });
        }
        if (original instanceof NotFoundError) {
          return new GraphQLError(original.message, { extensions: { code: 'NOT_FOUND' } });
        }
        if (!(original instanceof GraphQLError) && original instanceof Error) {
          options.logger.error({ err: original }, 'GraphQL resolver failed');
        }
        return maskError(error, message, isDev);
      },
    },
  });
}

/**
 * Once origins are listed, answers differ by Origin (CORS headers for a listed one, none for another),
 * so a cache between the browser and the gateway must not serve one origin's answer to another.
 */
const varyByOrigin: Plugin = {
  onResponse({ response }) {
    const vary = response.headers.get('vary');
    if (vary?.split(',').some((name) => name.trim().toLowerCase() === 'origin')) return;
    response.headers.set('vary', vary ? `${vary}, Origin` : 'Origin');
  },
};
