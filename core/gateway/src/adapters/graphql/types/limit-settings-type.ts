import { builder } from '../builder.ts';
import type { LimitDefaults } from '../../../engine/limits/limit-defaults.ts';

const LimitSettingsType = builder.objectRef<LimitDefaults>('LimitSettings').implement({
  description: 'Gateway-wide settings of budgets and rate limits.',
  fields: (t) => ({
    defaultMaxOutputTokens: t.exposeInt('defaultMaxOutputTokens', {
      description: 'Output tokens a request without max_tokens reserves against budgets when its model has no maxOutputTokens price entry.',
    }),
  }),
});

const UpdateLimitSettingsInput = builder.inputType('UpdateLimitSettingsInput', {
  fields: (t) => ({ defaultMaxOutputTokens: t.int() }),
});

builder.queryField('limitSettings', (t) => t.field({ type: LimitSettingsType, resolve: (_root, _args, { services }) => services.limitDefaults.get() }));

builder.mutationField('updateLimitSettings', (t) =>
  t.field({
    type: LimitSettingsType,
    args: { input: t.arg({ type: UpdateLimitSettingsInput, required: true }) },
    resolve: (_root, { input }, { services }) => services.limitDefaults.update(input),
  }),
);
