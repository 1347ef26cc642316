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
  }),
});

const UpdateLimitSettingsInput = builder.inputType('UpdateLimitSettingsInput', {
  fields: (t) => ({
    defaultMaxOutputTokens: t.int(),
    unpricedModels: t.field({ type: UnpricedModelPolicyEnum }),
    reservedTokensPerImage: t.int(),
    reservedTokensPerAudioSecond: t.int(),
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
