import { builder } from '../builder.ts';
import type { RouterSettingsView } from '../../../services/router-settings-service.ts';
import { withoutNulls } from '../without-nulls.ts';

const ModelRoutingStrategyType = builder.objectRef<{ modelName: string; strategy: string }>('ModelRoutingStrategy').implement({
  description: 'A model that uses its own routing strategy instead of the default.',
  fields: (t) => ({
    modelName: t.exposeString('modelName'),
    strategy: t.exposeString('strategy'),
  }),
});

const RouterSettingsType = builder.objectRef<RouterSettingsView>('RouterSettings').implement({
  description: 'How the router orders, retries and fails over, and how it checks provider health.',
  fields: (t) => ({
    defaultStrategy: t.exposeString('defaultStrategy', { description: 'The routing strategy of models without their own.' }),
    modelStrategies: t.field({
      type: [ModelRoutingStrategyType],
      resolve: (settings) =>
        Object.entries(settings.modelStrategies)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([modelName, strategy]) => ({ modelName, strategy })),
    }),
    availableStrategies: t.stringList({ description: 'The routing strategies loaded from plugins.json (and the built-in weighted order).', resolve: (settings) => settings.availableStrategies }),
    maxRetries: t.exposeInt('maxRetries', {
      description: 'Extra passes over every deployment and fallback after all failed with a retryable error. 0: none.',
    }),
    retryBaseDelayMs: t.exposeInt('retryBaseDelayMs', { description: 'First backoff; doubles each retry, with jitter.' }),
    retryMaxDelayMs: t.exposeInt('retryMaxDelayMs', {
      description: 'Longest backoff. A Retry-After longer than this ends the retries and reaches the client.',
    }),
    breakerEnabled: t.exposeBoolean('breakerEnabled'),
    breakerFailureThreshold: t.exposeInt('breakerFailureThreshold', { description: 'Consecutive failures that open a deployment’s breaker.' }),
    breakerErrorRate: t.exposeFloat('breakerErrorRate', { description: 'Error rate (0..1) over the window that opens it.' }),
    breakerMinRequests: t.exposeInt('breakerMinRequests', { description: 'Attempts the window must hold before the error rate counts.' }),
    breakerWindowMs: t.exposeInt('breakerWindowMs'),
    breakerCooldownMs: t.exposeInt('breakerCooldownMs', { description: 'How long an open deployment is skipped before one probe request.' }),
    healthCheckIntervalMs: t.exposeInt('healthCheckIntervalMs', { description: 'Active health check period per provider; 0: off.' }),
    healthCheckTimeoutMs: t.exposeInt('healthCheckTimeoutMs'),
    healthRetentionHours: t.exposeInt('healthRetentionHours', { description: 'How long health check history is kept.' }),
    connectTimeoutMs: t.int({ nullable: true, description: 'Default for deployments without their own.', resolve: (settings) => settings.defaultTimeouts.connectMs ?? null }),
    firstByteTimeoutMs: t.int({ nullable: true, resolve: (settings) => settings.defaultTimeouts.firstByteMs ?? null }),
    idleTimeoutMs: t.int({ nullable: true, resolve: (settings) => settings.defaultTimeouts.idleMs ?? null }),
    updatedAt: t.field({ type: 'DateTime', nullable: true, resolve: (settings) => settings.updatedAt }),
  }),
});

const ModelRoutingStrategyInput = builder.inputType('ModelRoutingStrategyInput', {
  fields: (t) => ({ modelName: t.string({ required: true }), strategy: t.string({ required: true }) }),
});

const UpdateRouterSettingsInput = builder.inputType('UpdateRouterSettingsInput', {
  description: 'Unset fields keep their value.',
  fields: (t) => ({
    defaultStrategy: t.string(),
    modelStrategies: t.field({ type: [ModelRoutingStrategyInput], description: 'Replaces the whole list.' }),
    maxRetries: t.int(),
    retryBaseDelayMs: t.int(),
    retryMaxDelayMs: t.int(),
    breakerEnabled: t.boolean(),
    breakerFailureThreshold: t.int(),
    breakerErrorRate: t.float(),
    breakerMinRequests: t.int(),
    breakerWindowMs: t.int(),
    breakerCooldownMs: t.int(),
    healthCheckIntervalMs: t.int(),
    healthCheckTimeoutMs: t.int(),
    healthRetentionHours: t.int(),
    connectTimeoutMs: t.int({ description: 'null: the built-in default.' }),
    firstByteTimeoutMs: t.int({ description: 'null: the built-in default.' }),
    idleTimeoutMs: t.int({ description: 'null: the built-in default.' }),
  }),
});

builder.queryField('routerSettings', (t) =>
  t.field({ type: RouterSettingsType, resolve: (_root, _args, { services }) => services.routerSettings.get() }),
);

builder.mutationFields((t) => ({
  updateRouterSettings: t.field({
    type: RouterSettingsType,
    args: { input: t.arg({ type: UpdateRouterSettingsInput, required: true }) },
    resolve: (_root, { input }, { services }) =>
      services.routerSettings.update(withoutNulls(input, ['connectTimeoutMs', 'firstByteTimeoutMs', 'idleTimeoutMs'])),
  }),
  setModelRoutingStrategy: t.field({
    type: RouterSettingsType,
    description: 'Chooses the routing strategy of one model; a null strategy goes back to the default.',
    args: { modelName: t.arg.string({ required: true }), strategy: t.arg.string() },
    resolve: (_root, { modelName, strategy }, { services }) => services.routerSettings.setModelStrategy(modelName, strategy ?? null),
  }),
}));
