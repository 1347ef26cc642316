import { mergeCapabilities, type CapabilityName } from '@conduit/plugin-api';
import { providerTypeCapabilities } from '../../../engine/plugins/provider-type-capabilities.ts';
import { withoutNulls } from '../without-nulls.ts';
import { builder } from '../builder.ts';
import type { ModelDeploymentRecord } from '../../../infrastructure/database/models/model-deployment-model.ts';
import { ModelCapabilitiesInput, ModelCapabilitiesType } from './model-capabilities-type.ts';
import { ProviderType } from './provider-type.ts';

export const ModelDeploymentType = builder.objectRef<ModelDeploymentRecord>('ModelDeployment');

ModelDeploymentType.implement({
  description: 'Serves a public model name from one provider’s model.',
  fields: (t) => ({
    id: t.exposeID('id'),
    modelName: t.exposeString('modelName', { description: 'The public name clients ask for.' }),
    providerId: t.exposeID('providerId'),
    provider: t.field({
      type: ProviderType,
      nullable: true,
      resolve: (deployment, _args, { services }) => services.providers.get(deployment.providerId),
    }),
    providerModel: t.exposeString('providerModel', { description: 'The model name the provider knows.' }),
    weight: t.exposeInt('weight'),
    priority: t.exposeInt('priority', { description: 'Lower is tried first.' }),
    enabled: t.exposeBoolean('enabled'),
    capabilities: t.field({
      type: ModelCapabilitiesType,
      nullable: true,
      description: 'What this deployment can do: the plugin’s declaration with this deployment’s overrides.',
      resolve: async (deployment, _args, { services }) => {
        const provider = await services.providers.get(deployment.providerId);
        if (!provider || !services.registry.accountOf(provider.type)) return null;
        return mergeCapabilities(providerTypeCapabilities(services.registry, provider.type, deployment.providerModel), deployment.capabilities);
      },
    }),
    capabilityOverrides: t.field({ type: 'JSON', nullable: true, resolve: (deployment) => deployment.capabilities }),
    timeouts: t.field({ type: 'JSON', nullable: true, resolve: (deployment) => deployment.timeouts }),
    options: t.field({
      type: 'JSON',
      nullable: true,
      description: 'Audio settings: `voiceMap` (a client voice name to the provider voice) and `defaultVoice`.',
      resolve: (deployment) => deployment.options,
    }),
    cacheTtlSeconds: t.int({
      nullable: true,
      description: 'Seconds the answers of this deployment stay in the response cache; null: its answers are not cached. Requests for the model are looked up when any of its deployments has one.',
      resolve: (deployment) => deployment.cacheTtlSeconds,
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (deployment) => deployment.createdAt }),
    updatedAt: t.field({ type: 'DateTime', resolve: (deployment) => deployment.updatedAt }),
  }),
});

const TimeoutsInput = builder.inputType('DeploymentTimeoutsInput', {
  fields: (t) => ({ connectMs: t.int(), firstByteMs: t.int(), idleMs: t.int() }),
});

const DeploymentOptionsInput = builder.inputType('DeploymentOptionsInput', {
  description: 'Audio settings of a deployment.',
  fields: (t) => ({
    voiceMap: t.field({ type: 'JSON', description: 'A voice name clients send (e.g. OpenAI’s `alloy`) to the provider’s voice id.' }),
    defaultVoice: t.string({ description: 'The provider voice used when the request’s voice is neither mapped nor the provider’s own.' }),
  }),
});

const CreateModelDeploymentInput = builder.inputType('CreateModelDeploymentInput', {
  fields: (t) => ({
    modelName: t.string({ required: true }),
    providerId: t.id({ required: true }),
    providerModel: t.string({ required: true }),
    weight: t.int(),
    priority: t.int(),
    enabled: t.boolean(),
    capabilities: t.field({ type: ModelCapabilitiesInput }),
    timeouts: t.field({ type: TimeoutsInput }),
    options: t.field({ type: DeploymentOptionsInput }),
    cacheTtlSeconds: t.int({ description: 'Seconds its answers stay in the response cache (at most 2592000); null or 0: not cached.' }),
  }),
});

const UpdateModelDeploymentInput = builder.inputType('UpdateModelDeploymentInput', {
  fields: (t) => ({
    modelName: t.string(),
    providerId: t.id(),
    providerModel: t.string(),
    weight: t.int(),
    priority: t.int(),
    enabled: t.boolean(),
    capabilities: t.field({ type: ModelCapabilitiesInput }),
    timeouts: t.field({ type: TimeoutsInput }),
    options: t.field({ type: DeploymentOptionsInput }),
    cacheTtlSeconds: t.int({ description: 'Seconds its answers stay in the response cache (at most 2592000); null or 0: not cached.' }),
  }),
});

type CapabilityOverrides = Partial<Record<CapabilityName, boolean>>;
type DeploymentOptions = { voiceMap?: Record<string, string> | null; defaultVoice?: string | null };
type Timeouts = { connectMs?: number; firstByteMs?: number; idleMs?: number };

builder.queryFields((t) => ({
  modelDeployments: t.field({
    type: [ModelDeploymentType],
    args: { modelName: t.arg.string(), providerId: t.arg.id() },
    resolve: (_root, args, { services }) =>
      services.deployments.list({ modelName: args.modelName, providerId: args.providerId == null ? null : String(args.providerId) }),
  }),
  modelDeployment: t.field({
    type: ModelDeploymentType,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, { services }) => services.deployments.get(String(args.id)),
  }),
}));

builder.mutationFields((t) => ({
  createModelDeployment: t.field({
    type: ModelDeploymentType,
    args: { input: t.arg({ type: CreateModelDeploymentInput, required: true }) },
    resolve: (_root, { input }, { services }) =>
      services.deployments.create({
        ...withoutNulls(input),
        modelName: input.modelName,
        providerModel: input.providerModel,
        providerId: String(input.providerId),
        capabilities: input.capabilities ? (withoutNulls(input.capabilities) as CapabilityOverrides) : undefined,
        timeouts: input.timeouts ? (withoutNulls(input.timeouts) as Timeouts) : undefined,
        options: input.options as DeploymentOptions | undefined,
      }),
  }),
  updateModelDeployment: t.field({
    type: ModelDeploymentType,
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateModelDeploymentInput, required: true }) },
    resolve: (_root, { id, input }, { services }) =>
      services.deployments.update(String(id), {
        ...withoutNulls(input, ['cacheTtlSeconds']),
        providerId: input.providerId == null ? undefined : String(input.providerId),
        capabilities: input.capabilities ? (withoutNulls(input.capabilities) as CapabilityOverrides) : input.capabilities,
        timeouts: input.timeouts ? (withoutNulls(input.timeouts) as Timeouts) : input.timeouts,
        options: input.options as DeploymentOptions | null | undefined,
      }),
  }),
  deleteModelDeployment: t.boolean({
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, { services }) => services.deployments.delete(String(id)),
  }),
}));
