import { builder } from '../builder.ts';
import { idCursors, newestFirstConnection, pageSize } from '../newest-first-page.ts';
import type { ProviderHealthRecord } from '../../../infrastructure/database/models/provider-health-model.ts';
import type { ProviderHealthView } from '../../../services/provider-health-service.ts';
import { ProviderType } from './provider-type.ts';

export const ProviderHealthStatusEnum = builder.enumType('ProviderHealthStatus', {
  values: {
    UP: { value: 'up' },
    DOWN: { value: 'down' },
    UNKNOWN: { value: 'unknown', description: 'Not checked yet, checks are off, or the provider offers no probe.' },
  } as const,
});

const ProviderHealthProbeEnum = builder.enumType('ProviderHealthProbe', {
  description: 'Which probe a stored health check ran.',
  values: {
    LIVENESS: { value: 'liveness', description: 'The cheap liveness probe every provider in use gets (its health call or model list).' },
    AUDIO_SPEECH: { value: 'audio-speech', description: 'The opt-in audio check: a short speech synthesis (provider option audioHealthCheck.speechModel).' },
    AUDIO_TRANSCRIPTION: { value: 'audio-transcription', description: 'The opt-in audio check: a transcription of a bundled clip (audioHealthCheck.transcriptionModel).' },
  } as const,
});

const ProviderHealthType = builder.objectRef<ProviderHealthView>('ProviderHealth').implement({
  description: 'A provider’s current health, from its latest active check.',
  fields: (t) => ({
    providerId: t.exposeID('providerId'),
    provider: t.field({ type: ProviderType, nullable: true, resolve: (health, _args, { services }) => services.providers.get(health.providerId) }),
    status: t.field({ type: ProviderHealthStatusEnum, resolve: (health) => health.status }),
    outage: t.exposeBoolean('outage', {
      description: 'Down in a way that means it cannot serve (unreachable, timing out, 5xx): its deployments are kept out of rotation. A refused probe (401/403) is DOWN without an outage.',
    }),
    latencyMs: t.int({ nullable: true, resolve: (health) => health.latencyMs ?? null }),
    error: t.string({ nullable: true, resolve: (health) => health.error ?? null }),
    checkedAt: t.field({ type: 'DateTime', nullable: true, resolve: (health) => health.checkedAt ?? null }),
    since: t.field({ type: 'DateTime', nullable: true, description: 'When the status last changed.', resolve: (health) => health.since ?? null }),
  }),
});

const ProviderHealthCheckType = builder.objectRef<ProviderHealthRecord>('ProviderHealthCheck').implement({
  description: 'One stored active health check.',
  fields: (t) => ({
    id: t.id({ resolve: (check) => String(check.id) }),
    providerId: t.exposeID('providerId'),
    status: t.field({ type: ProviderHealthStatusEnum, resolve: (check) => check.status }),
    latencyMs: t.int({ nullable: true, resolve: (check) => check.latencyMs }),
    error: t.string({ nullable: true, resolve: (check) => check.error }),
    checkedAt: t.field({ type: 'DateTime', resolve: (check) => check.checkedAt }),
    probe: t.field({ type: ProviderHealthProbeEnum, resolve: (check) => check.probe ?? 'liveness' }),
  }),
});

builder.objectField(ProviderType, 'health', (t) =>
  t.field({ type: ProviderHealthType, resolve: (provider, _args, { services }) => services.providerHealth.current(provider.id) }),
);

const { cursorOf, idOf } = idCursors('health');

builder.queryFields((t) => ({
  providerHealth: t.field({
    type: [ProviderHealthType],
    description: 'The current health of every provider.',
    resolve: (_root, _args, { services }) => services.providerHealth.all(),
  }),
  providerHealthHistory: t.connection({
    type: ProviderHealthCheckType,
    description: 'A provider’s stored health checks, newest first.',
    args: {
      providerId: t.arg.id({ required: true }),
      probes: t.arg({ type: [ProviderHealthProbeEnum], required: false, description: 'Only checks of these probes (default: all).' }),
    },
    resolve: async (_root, args, { services }) => {
      const first = pageSize(args.first);
      const beforeId = args.after ? idOf(args.after) : undefined;
      const probes = args.probes ?? undefined;
      const rows = await services.providerHealth.history({ providerId: String(args.providerId), beforeId, probes }, first + 1);
      return newestFirstConnection(rows, first, beforeId !== undefined, (row) => cursorOf(Number(row.id)));
    },
  }),
}));

builder.mutationField('checkProviderHealth', (t) =>
  t.field({
    type: ProviderHealthType,
    description: 'Runs an active health check of the provider now.',
    args: { providerId: t.arg.id({ required: true }) },
    resolve: (_root, { providerId }, { services }) => services.providerHealth.checkNow(String(providerId)),
  }),
);

builder.subscriptionField('providerHealthChanged', (t) =>
  t.field({
    type: ProviderHealthType,
    description: 'A provider’s health status changed (found by an active check on any instance).',
    subscribe: (_root, _args, { live }) => live.subscribe('providerHealthChanged'),
    resolve: (event): ProviderHealthView => ({
      providerId: event.providerId,
      status: event.status,
      outage: event.outage,
      latencyMs: event.latencyMs ?? undefined,
      error: event.error ?? undefined,
      checkedAt: new Date(event.checkedAt),
      since: new Date(event.checkedAt),
    }),
  }),
);
