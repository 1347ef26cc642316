import { builder } from '../builder.ts';
import type { AdminChangeEvent } from '../../../ports/event-bus.ts';

const ConfigChangeType = builder.objectRef<AdminChangeEvent>('ConfigChange').implement({
  description: 'An admin mutation that succeeded, on any instance.',
  fields: (t) => ({
    entity: t.exposeString('entity', { description: 'What kind of thing changed: provider, deployment, virtualKey, cost…' }),
    id: t.id({ nullable: true, description: 'The changed record; null for settings and bulk changes.', resolve: (change) => change.id }),
    action: t.exposeString('action', { description: 'create, update, delete, import, check or revoke.' }),
  }),
});

builder.subscriptionField('configChanged', (t) =>
  t.field({
    type: ConfigChangeType,
    description: 'Every admin mutation, as it commits.',
    subscribe: (_root, _args, { live }) => live.subscribe('adminChange'),
    resolve: (change) => change,
  }),
);
