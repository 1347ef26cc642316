import { builder } from '../builder.ts';
import type { ProviderRecord } from '../../../infrastructure/database/models/provider-model.ts';
import { ModelDeploymentType } from './model-deployment-type.ts';
import { withoutNulls } from '../without-nulls.ts';

export const ProviderType = builder.objectRef<ProviderRecord>('Provider');

ProviderType.implement({
  description: 'A configured provider. Its secrets can be set but never read back.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    type: t.exposeString('type', { description: 'The provider plugin type id, e.g. openai, anthropic.' }),
    kinds: t.stringList({
      description: 'The plugin kinds its type has (provider, audio, realtime-translator): what this provider serves.',
      resolve: (provider, _args, { services }) => services.registry.kindsOf(provider.type),
    }),
    baseUrl: t.string({ nullable: true, resolve: (provider) => provider.baseUrl }),
    options: t.field({ type: 'JSON', resolve: (provider) => provider.options }),
    enabled: t.exposeBoolean('enabled'),
    hasApiKey: t.boolean({
      resolve: (provider, _args, { services }) => services.providers.secretFieldsSet(provider).includes('apiKey'),
    }),
    secretFields: t.stringList({
      description: 'Names of the secret fields that are set (never their values).',
      resolve: (provider, _args, { services }) => services.providers.secretFieldsSet(provider),
    }),
    problem: t.string({
      nullable: true,
      description: 'Why this provider cannot serve requests right now, if it cannot (its settings, judged by its plugin, also while it is disabled).',
      resolve: (provider, _args, { services }) =>
        services.config.current.problems.find((problem) => problem.providerId === provider.id)?.problem ??
        (provider.enabled ? null : services.providers.problem(provider)),
    }),
    deployments: t.field({
      type: [ModelDeploymentType],
      resolve: (provider, _args, { services }) => services.deployments.list({ providerId: provider.id }),
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (provider) => provider.createdAt }),
    updatedAt: t.field({ type: 'DateTime', resolve: (provider) => provider.updatedAt }),
  }),
});

const CreateProviderInput = builder.inputType('CreateProviderInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    type: t.string({
      required: true,
      description: 'The name of a loaded provider, audio or realtime-translator plugin (see `plugins`); it serves every kind that name has.',
    }),
    baseUrl: t.string({ description: 'Unset: the plugin’s default.' }),
    apiKey: t.string({ description: 'Write-only; stored encrypted.' }),
    credentials: t.field({ type: 'JSON', description: 'Further secret fields the plugin declares (write-only).' }),
    options: t.field({ type: 'JSON', description: 'Non-secret settings the plugin declares.' }),
    enabled: t.boolean(),
  }),
});

const UpdateProviderInput = builder.inputType('UpdateProviderInput', {
  fields: (t) => ({
    name: t.string(),
    baseUrl: t.string(),
    apiKey: t.string({ description: 'Write-only. null removes the key.' }),
    credentials: t.field({ type: 'JSON', description: 'Merged into the stored secret fields.' }),
    options: t.field({ type: 'JSON', description: 'Replaces the stored options.' }),
    enabled: t.boolean(),
  }),
});

builder.queryFields((t) => ({
  providers: t.field({ type: [ProviderType], resolve: (_root, _args, { services }) => services.providers.list() }),
  provider: t.field({
    type: ProviderType,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, { services }) => services.providers.get(String(args.id)),
  }),
}));

builder.mutationFields((t) => ({
  createProvider: t.field({
    type: ProviderType,
    args: { input: t.arg({ type: CreateProviderInput, required: true }) },
    resolve: (_root, { input }, { services }) =>
      services.providers.create({
        ...withoutNulls(input),
        name: input.name,
        type: input.type,
        credentials: input.credentials as Record<string, string> | undefined,
        options: input.options as Record<string, unknown> | undefined,
      }),
  }),
  updateProvider: t.field({
    type: ProviderType,
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateProviderInput, required: true }) },
    resolve: (_root, { id, input }, { services }) =>
      services.providers.update(String(id), {
        ...withoutNulls(input, ['apiKey', 'baseUrl']),
        credentials: (input.credentials ?? undefined) as Record<string, string> | undefined,
        options: (input.options ?? undefined) as Record<string, unknown> | undefined,
      }),
  }),
  deleteProvider: t.boolean({
    description: 'Deletes the provider and its deployments.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, { services }) => services.providers.delete(String(id)),
  }),
}));
