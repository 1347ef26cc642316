import { builder } from '../builder.ts';
import { nanosToUsd } from '../../../domain/money.ts';
import type { RealtimeSessionView } from '../../../ports/realtime-sessions.ts';
import type { RealtimeSessionChangedEvent } from '../../../ports/event-bus.ts';
import { viewOf } from '../../../engine/realtime/shared-realtime-sessions.ts';
import { ProviderType } from './provider-type.ts';

const RealtimeSessionType = builder.objectRef<RealtimeSessionView>('RealtimeSession').implement({
  description: 'An open /v1/realtime session, on any instance. Figures are as of its last update (at most a second old).',
  fields: (t) => ({
    id: t.exposeID('id'),
    virtualKeyId: t.exposeID('virtualKeyId'),
    virtualKeyName: t.exposeString('virtualKeyName'),
    model: t.exposeString('model', { description: 'The public model the client asked for.' }),
    providerId: t.exposeID('providerId', { nullable: true }),
    provider: t.field({
      type: ProviderType,
      nullable: true,
      resolve: (session, _args, { services }) => (session.providerId ? services.providers.get(session.providerId) : null),
    }),
    deploymentId: t.exposeID('deploymentId', { nullable: true }),
    startedAt: t.field({ type: 'DateTime', resolve: (session) => session.startedAt }),
    durationSeconds: t.int({
      description: 'Whole seconds since it started, when this answer was made.',
      resolve: (session) => Math.max(0, Math.floor((Date.now() - session.startedAt.getTime()) / 1000)),
    }),
    audioSecondsIn: t.exposeFloat('audioSecondsIn', { description: 'Audio the client sent.' }),
    audioSecondsOut: t.exposeFloat('audioSecondsOut', { description: 'Audio the model sent back.' }),
    inputTokens: t.exposeInt('inputTokens'),
    outputTokens: t.exposeInt('outputTokens'),
    cost: t.float({ description: 'USD billed so far (exact: counted in nano-dollars).', resolve: (session) => nanosToUsd(session.costNanos) }),
    instanceId: t.exposeString('instanceId', { description: 'The gateway instance that holds the connection.' }),
  }),
});

const RealtimeSessionChangeEnum = builder.enumType('RealtimeSessionChange', {
  values: {
    STARTED: { description: 'A session opened.' },
    UPDATED: { description: 'Its usage or cost changed (at most once a second per session).' },
    ENDED: { description: 'It closed; the session is as it was last seen.' },
  },
});

const RealtimeSessionChangedType = builder.objectRef<RealtimeSessionChangedEvent>('RealtimeSessionChanged').implement({
  description: 'One session that changed. Subscribe first, then read realtimeSessions, and apply each change to that list by id.',
  fields: (t) => ({
    change: t.field({ type: RealtimeSessionChangeEnum, resolve: (event) => event.change.toUpperCase() as 'STARTED' | 'UPDATED' | 'ENDED' }),
    session: t.field({ type: RealtimeSessionType, resolve: (event) => viewOf(event.session) }),
  }),
});

builder.queryField('realtimeSessions', (t) =>
  t.field({
    type: [RealtimeSessionType],
    description: 'Open realtime sessions on every instance, oldest first.',
    resolve: (_root, _args, { services }) => services.realtimeSessions.list(),
  }),
);

builder.mutationField('closeRealtimeSession', (t) =>
  t.boolean({
    description: 'Closes a realtime session on whichever instance holds it: its client gets an error event, then the close. NOT_FOUND if no such session is open.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, { services }) => services.realtimeSessions.close(String(id)),
  }),
);

builder.subscriptionField('realtimeSessionsChanged', (t) =>
  t.field({
    type: RealtimeSessionChangedType,
    description: 'Each session that started, changed or ended, on any instance: the changed session, not the whole list.',
    subscribe: (_root, _args, { live }) => live.subscribe('realtimeSessionChanged'),
    resolve: (event) => event,
  }),
);
