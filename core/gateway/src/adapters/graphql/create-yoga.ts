/**
 * The GraphQL endpoint: graphql-yoga over the Pothos schema. Input and not-found errors reach the
 * client with their message and a code; anything else is masked so internals never leak.
 */
import { GraphQLError } from 'graphql';
import { createYoga, maskError, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from '../../ports/logger.ts';
import { InputError, NotFoundError } from '../../services/input-error.ts';
import type { AdminServices, GraphQLContext } from './graphql-context.ts';
import { queryLimits } from './query-limits.ts';
import { renderGraphiQLPage } from './graphiql-assets.ts';
import { buildSchema } from './schema.ts';

export function createGraphQL(options: { services: AdminServices; logger: Logger }): YogaServerInstance<{}, GraphQLContext> {
  return createYoga<{}, GraphQLContext>({
    schema: buildSchema(),
    graphqlEndpoint: '/graphql',
    graphiql: { title: 'Conduit admin API' },
    renderGraphiQL: renderGraphiQLPage,
    landingPage: false,
    logging: false,
    context: () => ({ services: options.services }),
    plugins: [queryLimits()],
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
