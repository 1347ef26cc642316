import { builder } from '../builder.ts';
import type { DeploymentRoutingState } from '../../../services/routing-state-service.ts';
import { ModelDeploymentType } from './model-deployment-type.ts';
import { ProviderHealthStatusEnum } from './provider-health-type.ts';

const CircuitStateEnum = builder.enumType('CircuitState', {
  values: {
    CLOSED: { value: 'closed', description: 'Requests flow.' },
    OPEN: { value: 'open', description: 'Skipped until retryAt (and, when health checks find its provider down, until they pass).' },
    HALF_OPEN: { value: 'half-open', description: 'One probe request decides whether it closes or opens again.' },
  } as const,
});

const DeploymentRoutingType = builder.objectRef<DeploymentRoutingState>('DeploymentRouting').implement({
  description: 'What the router knows about a deployment right now, as this gateway instance sees it.',
  fields: (t) => ({
    circuit: t.field({ type: CircuitStateEnum, resolve: (state) => state.circuit }),
    consecutiveFailures: t.exposeInt('consecutiveFailures'),
    retryAt: t.field({ type: 'DateTime', nullable: true, resolve: (state) => state.retryAt ?? null }),
    latencyMs: t.float({ nullable: true, description: 'Moving average; to the first output for streams.', resolve: (state) => state.latencyMs ?? null }),
    errorRate: t.exposeFloat('errorRate', { description: 'Failed attempts over the breaker window, 0..1.' }),
    requests: t.exposeInt('requests', { description: 'Attempts over the breaker window.' }),
    inFlight: t.exposeInt('inFlight'),
    health: t.field({ type: ProviderHealthStatusEnum, resolve: (state) => state.health }),
  }),
});

builder.objectField(ModelDeploymentType, 'routing', (t) =>
  t.field({
    type: DeploymentRoutingType,
    resolve: (deployment, _args, { services }) => services.routingState.deployment(deployment.id, deployment.providerId),
  }),
);
