import { builder } from '../builder.ts';
import type { LimitDefaults } from '../../../engine/limits/limit-defaults.ts';
import { unpricedModelPolicies } from '../../../engine/limits/unpriced-policy.ts';

const UnpricedModelPolicyEnum = builder.enumType('UnpricedModelPolicy', {
  description: 'Whether a model without a price (admin price or built-in catalogue) may serve requests; its usage would be logged at $0.',
  values: {
    ALLOW: { description: 'Serve every key; usage is logged at $0 and the model is listed under unpricedModels.' },
    REFUSE_FOR_BUDGETED_KEYS: { description: 'Refuse (400 model_not_priced) keys with a budget, their own or their group’s; serve the others. The default.' },
    REFUSE: { description: 'Refuse every request to an unpriced model.' },
  } satisfies Record<(typeof unpricedModelPolicies)[number], { description: string }>,
});

const LimitSettingsType = builder.objectRef<LimitDefaults>('LimitSettings').implement({
  description: 'Gateway-wide settings of budgets and rate limits.',
  fields: (t) => ({
    defaultMaxOutputTokens: t.exposeInt('defaultMaxOutputTokens', {
      description: 'Output tokens a request without max_tokens reserves against budgets when its model has no maxOutputTokens price entry.',
    }),
    unpricedModels: t.field({ type: UnpricedModelPolicyEnum, resolve: (settings) => settings.unpricedModels }),
    reservedTokensPerImage: t.exposeInt('reservedTokensPerImage', {
      description: 'Prompt tokens reserved against budgets for each image part of a chat request (the tokenizer cannot count images).',
    }),
    reservedTokensPerAudioSecond: t.exposeInt('reservedTokensPerAudioSecond', {
      description: 'Prompt tokens reserved for each second of input audio (its length bounded from the WAV header, else from its size at 32 kbit/s).',
    }),
    defaultMaxRealtimeSessions: t.exposeInt('defaultMaxRealtimeSessions', {
      description: 'Realtime sessions a virtual key may hold at once when its own maxRealtimeSessions is not set (default 5).',
    }),
    maxRealtimeSessions: t.exposeInt('maxRealtimeSessions', { description: 'Realtime sessions the whole gateway (every instance) holds at once.' }),
    realtimeIdleTimeoutSeconds: t.exposeInt('realtimeIdleTimeoutSeconds', { description: 'A realtime session with no client event for this long is closed.' }),
    realtimeMaxSessionSeconds: t.exposeInt('realtimeMaxSessionSeconds', { description: 'The longest a realtime session may last.' }),
    realtimeBillingSliceSeconds: t.exposeInt('realtimeBillingSliceSeconds', {
      description: 'A realtime session reserves its budget this many seconds at a time, settled as usage arrives.',
    }),
    realtimeMaxEventBytes: t.exposeInt('realtimeMaxEventBytes', { description: 'The largest client event a realtime session accepts; larger ones get an error event.' }),
  }),
});

const UpdateLimitSettingsInput = builder.inputType('UpdateLimitSettingsInput', {
  fields: (t) => ({
    defaultMaxOutputTokens: t.int(),
    unpricedModels: t.field({ type: UnpricedModelPolicyEnum }),
    reservedTokensPerImage: t.int(),
    reservedTokensPerAudioSecond: t.int(),
    defaultMaxRealtimeSessions: t.int(),
    maxRealtimeSessions: t.int(),
    realtimeIdleTimeoutSeconds: t.int(),
    realtimeMaxSessionSeconds: t.int(),
    realtimeBillingSliceSeconds: t.int(),
    realtimeMaxEventBytes: t.int(),
  }),
});

builder.queryField('limitSettings', (t) => t.field({ type: LimitSettingsType, resolve: (_root, _args, { services }) => services.limitDefaults.get() }));

builder.mutationField('updateLimitSettings', (t) =>
  t.field({
    type: LimitSettingsType,
    args: { input: t.arg({ type: UpdateLimitSettingsInput, required: true }) },
    resolve: (_root, { input }, { services }) => services.limitDefaults.update(input),
  }),
);
