import { GraphQLError } from 'graphql';
import { builder } from '../builder.ts';
import type { GraphQLContext } from '../graphql-context.ts';
import type { BudgetUsage } from '../../../services/budget-usage-service.ts';
import { createBatchLoader, perRequest } from '../batch-loader.ts';
import type { VirtualKeyRecord } from '../../../infrastructure/database/models/virtual-key-model.ts';
import { withoutNulls } from '../without-nulls.ts';
import { BudgetPeriodEnum, BudgetUsageType, limitFieldsClearedByNull, limitInputFields, usdOrNull } from './budget-type.ts';
import { nanosToUsd } from '../../../domain/money.ts';
import { keyPermissions, type KeyPermission } from '../../../domain/key-permission.ts';

export const KeyPermissionEnum = builder.enumType('KeyPermission', {
  description: 'A kind of request a virtual key may make.',
  values: keyPermissions,
});

export const VirtualKeyType = builder.objectRef<VirtualKeyRecord>('VirtualKey');

// One read for the spend of every key in a list, not one per key.
const spendLoader = perRequest((context: GraphQLContext) => createBatchLoader((ids: readonly string[]) => context.services.virtualKeys.spendsNanos(ids)));
// One read for the budgets of every key in a list (and one per key whatever fields ask for it).
const usageLoader = perRequest((context: GraphQLContext) =>
  createBatchLoader((keys: readonly VirtualKeyRecord[]) =>
    context.services.budgets
      .usages('key', keys.map((key) => ({ id: key.id, limits: { maxBudgetNanos: key.maxBudgetNanos, budgetPeriod: key.budgetPeriod } })))
      .then((usages) => new Map(keys.map((key, index) => [key, usages[index]!]))),
  ),
);
const usageOf = async (key: VirtualKeyRecord, context: GraphQLContext): Promise<BudgetUsage> => (await usageLoader(context).load(key))!;

VirtualKeyType.implement({
  description: 'A client key. Its clear text is shown once, by createVirtualKey.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    keyPrefix: t.exposeString('keyPrefix', { description: 'The first characters of the key, to tell keys apart.' }),
    allowedModels: t.stringList({
      nullable: true,
      description: 'Exact model names or prefixes ending in `*`; null allows every model.',
      resolve: (key) => key.allowedModels,
    }),
    expiresAt: t.field({ type: 'DateTime', nullable: true, resolve: (key) => key.expiresAt }),
    enabled: t.exposeBoolean('enabled'),
    metadata: t.field({ type: 'JSON', resolve: (key) => key.metadata }),
    groupId: t.id({ nullable: true, description: 'The key group whose budget and limits apply too.', resolve: (key) => key.groupId }),
    maxBudget: t.float({ nullable: true, description: 'USD per budget period; null: no budget.', resolve: (key) => usdOrNull(key.maxBudgetNanos) }),
    budgetPeriod: t.field({ type: BudgetPeriodEnum, resolve: (key) => key.budgetPeriod }),
    rpm: t.int({ nullable: true, description: 'Requests per minute.', resolve: (key) => key.rpm }),
    rpd: t.int({ nullable: true, description: 'Requests per day.', resolve: (key) => key.rpd }),
    tpm: t.int({ nullable: true, description: 'Tokens per minute.', resolve: (key) => key.tpm }),
    maxParallel: t.int({ nullable: true, description: 'Requests in flight at once.', resolve: (key) => key.maxParallel }),
    permissions: t.field({
      type: [KeyPermissionEnum],
      nullable: true,
      description: 'The kinds of request the key may make; null: every kind. Others are refused with 403 permission_denied.',
      resolve: (key) => (key.permissions as KeyPermission[] | null) ?? null,
    }),
    maxRealtimeSessions: t.int({
      nullable: true,
      description: 'Realtime sessions the key may have open at once; null: the gateway’s default.',
      resolve: (key) => key.maxRealtimeSessions ?? null,
    }),
    spend: t.float({
      description: 'Lifetime spend in USD.',
      resolve: async (key, _args, context) => nanosToUsd((await spendLoader(context).load(key.id)) ?? key.spendNanos),
    }),
    budget: t.field({ type: BudgetUsageType, description: 'The current budget period.', resolve: (key, _args, context) => usageOf(key, context) }),
    spendThisPeriod: t.float({ description: 'USD spent in the current budget period.', resolve: async (key, _args, context) => nanosToUsd((await usageOf(key, context)).spendNanos) }),
    reserved: t.float({ description: 'USD reserved by requests in flight.', resolve: async (key, _args, context) => nanosToUsd((await usageOf(key, context)).reservedNanos) }),
    remaining: t.float({
      nullable: true,
      description: 'USD left this period (budget minus spend and reservations); null without a budget.',
      resolve: async (key, _args, context) => usdOrNull((await usageOf(key, context)).remainingNanos),
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (key) => key.createdAt }),
    updatedAt: t.field({ type: 'DateTime', resolve: (key) => key.updatedAt }),
  }),
});

const CreatedVirtualKeyType = builder
  .objectRef<{ key: string; virtualKey: VirtualKeyRecord }>('CreatedVirtualKey')
  .implement({
    fields: (t) => ({
      key: t.exposeString('key', { description: 'The clear key. Shown here once; store it now.' }),
      virtualKey: t.field({ type: VirtualKeyType, resolve: (created) => created.virtualKey }),
    }),
  });

const CreateVirtualKeyInput = builder.inputType('CreateVirtualKeyInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    allowedModels: t.stringList({ description: 'Exact names and prefixes ending in `*`; unset allows every model.' }),
    expiresAt: t.field({ type: 'DateTime' }),
    enabled: t.boolean(),
    metadata: t.field({ type: 'JSON' }),
    groupId: t.id({ description: 'A key group whose budget and limits apply too.' }),
    permissions: t.field({ type: [KeyPermissionEnum], description: 'The kinds of request the key may make; unset: every kind.' }),
    maxRealtimeSessions: t.int({ description: 'Realtime sessions open at once (0 or more); unset: the gateway’s default.' }),
    ...limitInputFields(t),
  }),
});

const UpdateVirtualKeyInput = builder.inputType('UpdateVirtualKeyInput', {
  description: 'Unset fields keep their value; null clears allowedModels, expiresAt, groupId, permissions, maxRealtimeSessions and the limits.',
  fields: (t) => ({
    name: t.string(),
    allowedModels: t.stringList({ description: 'null allows every model.' }),
    expiresAt: t.field({ type: 'DateTime', description: 'null: never expires.' }),
    enabled: t.boolean(),
    metadata: t.field({ type: 'JSON' }),
    groupId: t.id({ description: 'null: no group.' }),
    permissions: t.field({ type: [KeyPermissionEnum], description: 'null: every kind of request.' }),
    maxRealtimeSessions: t.int({ description: 'null: the gateway’s default.' }),
    ...limitInputFields(t),
  }),
});

const idOrNull = (value: string | number | null | undefined): string | null | undefined => (value == null ? value : String(value));

builder.queryFields((t) => ({
  virtualKeys: t.field({
    type: [VirtualKeyType],
    args: { groupId: t.arg.id({ description: 'Only the keys of this group.' }) },
    resolve: (_root, args, { services }) => services.virtualKeys.list({ groupId: idOrNull(args.groupId) }),
  }),
  virtualKey: t.field({
    type: VirtualKeyType,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, { services }) => services.virtualKeys.get(String(args.id)),
  }),
}));

builder.mutationFields((t) => ({
  createVirtualKey: t.field({
    type: CreatedVirtualKeyType,
    args: { input: t.arg({ type: CreateVirtualKeyInput, required: true }) },
    resolve: (_root, { input }, { services }) =>
      services.virtualKeys.create({
        ...withoutNulls(input),
        name: input.name,
        groupId: idOrNull(input.groupId) ?? undefined,
        metadata: (input.metadata ?? undefined) as Record<string, unknown> | undefined,
      }),
  }),
  updateVirtualKey: t.field({
    type: VirtualKeyType,
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateVirtualKeyInput, required: true }) },
    resolve: (_root, { id, input }, { services }) =>
      services.virtualKeys.update(String(id), {
        ...withoutNulls(input, ['allowedModels', 'expiresAt', 'groupId', 'permissions', 'maxRealtimeSessions', ...limitFieldsClearedByNull]),
        groupId: idOrNull(input.groupId),
        metadata: (input.metadata ?? undefined) as Record<string, unknown> | undefined,
      }),
  }),
  deleteVirtualKey: t.boolean({
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, { services }) => services.virtualKeys.delete(String(id)),
  }),
}));

builder.subscriptionField('spendChanged', (t) =>
  t.field({
    type: BudgetUsageType,
    description: 'The key’s budget this period, each time a request with a cost settles (on any instance).',
    args: { virtualKeyId: t.arg.id({ required: true }) },
    subscribe: (_root, args, { live }) => {
      const virtualKeyId = String(args.virtualKeyId);
      return live.subscribe('spendChanged', (event) => event.virtualKeyId === virtualKeyId);
    },
    resolve: async (event, _args, { services }) => {
      const key = await services.virtualKeys.get(event.virtualKeyId);
      if (!key) throw new GraphQLError(`Virtual key ${event.virtualKeyId} no longer exists`, { extensions: { code: 'NOT_FOUND' } });
      return services.budgets.usage('key', key.id, key);
    },
  }),
);
