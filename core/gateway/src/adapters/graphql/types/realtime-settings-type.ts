import { builder } from '../builder.ts';
import type { RealtimeSettings } from '../../../domain/realtime-settings.ts';

const RealtimeSettingsType = builder.objectRef<RealtimeSettings>('RealtimeSettings').implement({
  description: 'Gateway-wide settings of /v1/realtime sessions.',
  fields: (t) => ({
    defaultMaxRealtimeSessions: t.exposeInt('defaultMaxRealtimeSessions', {
      description: 'Sessions a virtual key may have open at once when its own maxRealtimeSessions is not set (default 5).',
    }),
    maxRealtimeSessionsTotal: t.exposeInt('maxRealtimeSessionsTotal', {
      nullable: true,
      description: 'Sessions open at once on the whole gateway, every instance; null: no cap.',
    }),
    idleTimeoutSeconds: t.exposeInt('idleTimeoutSeconds', { description: 'A session with no event from either side for this long is closed.' }),
    maxSessionSeconds: t.exposeInt('maxSessionSeconds', { description: 'The longest a session may last.' }),
  }),
});

const UpdateRealtimeSettingsInput = builder.inputType('UpdateRealtimeSettingsInput', {
  description: 'Absent fields keep their value; maxRealtimeSessionsTotal: null lifts the cap.',
  fields: (t) => ({
    defaultMaxRealtimeSessions: t.int(),
    maxRealtimeSessionsTotal: t.int(),
    idleTimeoutSeconds: t.int(),
    maxSessionSeconds: t.int(),
  }),
});

builder.queryField('realtimeSettings', (t) =>
  t.field({ type: RealtimeSettingsType, resolve: (_root, _args, { services }) => services.realtimeSettings.get() }),
);

builder.mutationField('updateRealtimeSettings', (t) =>
  t.field({
    type: RealtimeSettingsType,
    args: { input: t.arg({ type: UpdateRealtimeSettingsInput, required: true }) },
    resolve: (_root, { input }, { services }) => services.realtimeSettings.update(input),
  }),
);
