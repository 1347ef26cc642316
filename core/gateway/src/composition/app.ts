/**
 * Builds the Koa application. The one place the middleware order is written; no logic of its own.
 */
import Koa from 'koa';
import Router from '@koa/router';
import type { AdminYoga } from '../adapters/graphql/create-yoga.ts';
import type { AdminAuthenticator } from '../services/admin-authenticator.ts';
import { requestContext } from '../adapters/http/middleware/request-context.ts';
import { authenticateAdmin } from '../adapters/http/middleware/authenticate-admin.ts';
import type { RequestState } from '../adapters/http/request-state.ts';
import { adminUiRoute } from '../adapters/http/routes/admin-ui-route.ts';
import { graphqlRoute } from '../adapters/http/routes/graphql-route.ts';
import { graphiqlAssetsRoute } from '../adapters/http/routes/graphiql-assets-route.ts';
import { healthRoutes, type ReadinessCheck } from '../adapters/http/routes/health-routes.ts';
import { metricsRoute } from '../adapters/http/routes/metrics-route.ts';
import type { Registry } from 'prom-client';
import { v1Routes } from '../adapters/http/v1-routes.ts';
import { anthropicEndpoints } from '../pipeline/endpoints/anthropic/anthropic-endpoints.ts';
import type { EndpointRoute } from '../pipeline/endpoint-route.ts';
import { openAIEndpoints } from '../pipeline/endpoints/openai/openai-endpoints.ts';
import type { PipelineDependencies } from '../pipeline/pipeline-dependencies.ts';
import type { Logger } from '../ports/logger.ts';

export interface AppParts {
  /** Served at /metrics; with a token, only to `Authorization: Bearer <token>`. */
  metrics: { registry: Registry; token: string | undefined };
  /** Set while the gateway stops: readiness turns false so load balancers move away. */
  lifecycle: { draining: boolean };
  logger: Logger;
  /** What /health/ready checks (the database, Redis when configured, the plugins), each bounded in time. */
  readiness: readonly ReadinessCheck[];
  v1: PipelineDependencies;
  /** /v1 endpoints built in the composition root beside the static table (they need its parts). */
  v1Endpoints?: readonly EndpointRoute[];
  yoga: AdminYoga;
  adminAuthenticator: AdminAuthenticator;
  adminUiRoot: string | (() => string);
}

export function buildApp(parts: AppParts): Koa<RequestState> {
  const app = new Koa<RequestState>();
  app.on('error', (error: Error) => {
    // Socket errors after a client went away are expected; anything else is worth a line.
    if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET' && (error as NodeJS.ErrnoException).code !== 'EPIPE') {
      parts.logger.warn({ err: error }, 'HTTP error');
    }
  });

  const health = healthRoutes({ checks: parts.readiness, lifecycle: parts.lifecycle });
  const admin = new Router<RequestState>();
  admin.all('/graphql', authenticateAdmin(parts.adminAuthenticator), graphqlRoute(parts.yoga));

  app.use(requestContext(parts.logger));
  app.use(v1Routes([...openAIEndpoints, ...anthropicEndpoints, ...(parts.v1Endpoints ?? [])], parts.v1));
  app.use(health.routes());
  app.use(metricsRoute(parts.metrics.registry, parts.metrics.token));
  app.use(graphiqlAssetsRoute());
  app.use(admin.routes());
  app.use(adminUiRoute(parts.adminUiRoot));
  return app;
}
