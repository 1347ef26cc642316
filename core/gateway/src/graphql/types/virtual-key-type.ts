import { builder } from '../builder.ts';
import { VirtualKeyRecord } from '../../db/models/virtual-key-model.ts';
import { withoutNulls } from '../without-nulls.ts';

export const VirtualKeyType = builder.objectRef<VirtualKeyRecord>('VirtualKey');

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
    spend: t.float({
      description: 'Lifetime spend in USD.',
      resolve: (key, _args, { services }) => services.virtualKeys.spend(key),
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
    allowedModels: t.stringList(),
    expiresAt: t.field({ type: 'DateTime' }),
    enabled: t.boolean(),
    metadata: t.field({ type: 'JSON' }),
  }),
});

const UpdateVirtualKeyInput = builder.inputType('UpdateVirtualKeyInput', {
  fields: (t) => ({
    name: t.string(),
    allowedModels: t.stringList({ description: 'null allows every model.' }),
    expiresAt: t.field({ type: 'DateTime', description: 'null: never expires.' }),
    enabled: t.boolean(),
    metadata: t.field({ type: 'JSON' }),
  }),
});

builder.queryFields((t) => ({
  virtualKeys: t.field({ type: [VirtualKeyType], resolve: (_root, _args, { services }) => services.virtualKeys.list() }),
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
        metadata: (input.metadata ?? undefined) as Record<string, unknown> | undefined,
      }),
  }),
  updateVirtualKey: t.field({
    type: VirtualKeyType,
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateVirtualKeyInput, required: true }) },
    resolve: (_root, { id, input }, { services }) =>
      services.virtualKeys.update(String(id), {
        ...withoutNulls(input, ['allowedModels', 'expiresAt']),
        metadata: (input.metadata ?? undefined) as Record<string, unknown> | undefined,
      }),
  }),
  deleteVirtualKey: t.boolean({
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, { services }) => services.virtualKeys.delete(String(id)),
  }),
}));
