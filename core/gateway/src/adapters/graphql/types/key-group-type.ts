import { builder } from '../builder.ts';
import type { AdminServices } from '../graphql-context.ts';
import type { KeyGroupRecord } from '../../../infrastructure/database/models/key-group-model.ts';
import { withoutNulls } from '../without-nulls.ts';
import { BudgetPeriodEnum, BudgetUsageType, limitFieldsClearedByNull, limitInputFields, memoizedUsage, usdOrNull } from './budget-type.ts';
import { nanosToUsd } from '../../../domain/money.ts';
import { VirtualKeyType } from './virtual-key-type.ts';

export const KeyGroupType = builder.objectRef<KeyGroupRecord>('KeyGroup');

const usageOf = memoizedUsage((group: KeyGroupRecord, services: AdminServices) => services.budgets.usage('group', group.id, { maxBudgetNanos: group.maxBudgetNanos, budgetPeriod: group.budgetPeriod }));

KeyGroupType.implement({
  description: 'A team of virtual keys with its own budget and rate limits: a request must fit both its key and its group.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    metadata: t.field({ type: 'JSON', resolve: (group) => group.metadata }),
    maxBudget: t.float({ nullable: true, description: 'USD per budget period; null: no budget.', resolve: (group) => usdOrNull(group.maxBudgetNanos) }),
    budgetPeriod: t.field({ type: BudgetPeriodEnum, resolve: (group) => group.budgetPeriod }),
    rpm: t.int({ nullable: true, resolve: (group) => group.rpm }),
    rpd: t.int({ nullable: true, resolve: (group) => group.rpd }),
    tpm: t.int({ nullable: true, resolve: (group) => group.tpm }),
    maxParallel: t.int({ nullable: true, resolve: (group) => group.maxParallel }),
    budget: t.field({ type: BudgetUsageType, description: 'The current budget period.', resolve: (group, _args, { services }) => usageOf(group, services) }),
    spendThisPeriod: t.float({ resolve: async (group, _args, { services }) => nanosToUsd((await usageOf(group, services)).spendNanos) }),
    reserved: t.float({ resolve: async (group, _args, { services }) => nanosToUsd((await usageOf(group, services)).reservedNanos) }),
    remaining: t.float({ nullable: true, resolve: async (group, _args, { services }) => usdOrNull((await usageOf(group, services)).remainingNanos) }),
    keys: t.field({ type: [VirtualKeyType], resolve: (group, _args, { services }) => services.virtualKeys.list({ groupId: group.id }) }),
    createdAt: t.field({ type: 'DateTime', resolve: (group) => group.createdAt }),
    updatedAt: t.field({ type: 'DateTime', resolve: (group) => group.updatedAt }),
  }),
});

builder.objectField(VirtualKeyType, 'group', (t) =>
  t.field({
    type: KeyGroupType,
    nullable: true,
    resolve: (key, _args, { services }) => (key.groupId ? services.keyGroups.get(key.groupId) : null),
  }),
);

const CreateKeyGroupInput = builder.inputType('CreateKeyGroupInput', {
  fields: (t) => ({ name: t.string({ required: true }), metadata: t.field({ type: 'JSON' }), ...limitInputFields(t) }),
});

const UpdateKeyGroupInput = builder.inputType('UpdateKeyGroupInput', {
  description: 'Unset fields keep their value; null clears a limit.',
  fields: (t) => ({ name: t.string(), metadata: t.field({ type: 'JSON' }), ...limitInputFields(t) }),
});

builder.queryFields((t) => ({
  keyGroups: t.field({ type: [KeyGroupType], resolve: (_root, _args, { services }) => services.keyGroups.list() }),
  keyGroup: t.field({
    type: KeyGroupType,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, { services }) => services.keyGroups.get(String(args.id)),
  }),
}));

builder.mutationFields((t) => ({
  createKeyGroup: t.field({
    type: KeyGroupType,
    args: { input: t.arg({ type: CreateKeyGroupInput, required: true }) },
    resolve: (_root, { input }, { services }) =>
      services.keyGroups.create({ ...withoutNulls(input), name: input.name, metadata: (input.metadata ?? undefined) as Record<string, unknown> | undefined }),
  }),
  updateKeyGroup: t.field({
    type: KeyGroupType,
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateKeyGroupInput, required: true }) },
    resolve: (_root, { id, input }, { services }) =>
      services.keyGroups.update(String(id), {
        ...withoutNulls(input, [...limitFieldsClearedByNull]),
        metadata: (input.metadata ?? undefined) as Record<string, unknown> | undefined,
      }),
  }),
  deleteKeyGroup: t.boolean({
    description: 'Deletes the group; its keys stay, without a group.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, { services }) => services.keyGroups.delete(String(id)),
  }),
}));
