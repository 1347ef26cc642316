import { builder } from '../builder.ts';
import type { ModelCostRecord } from '../../../infrastructure/database/models/model-cost-model.ts';
import { withoutNulls } from '../without-nulls.ts';

export const ModelCostType = builder.objectRef<ModelCostRecord>('ModelCost');

const optionalPrices = [
  'cachedInputPerMillion',
  'cacheWritePerMillion',
  'perImage',
  'audioInputPerMinute',
  'audioOutputPerMinute',
  'ttsPerThousandChars',
  'batchMultiplier',
] as const;

ModelCostType.implement({
  description: 'Prices for a model name, or for every name with a prefix when `model` ends in `*`. USD.',
  fields: (t) => ({
    id: t.exposeID('id'),
    model: t.exposeString('model'),
    inputPerMillion: t.exposeFloat('inputPerMillion'),
    outputPerMillion: t.exposeFloat('outputPerMillion'),
    ...Object.fromEntries(optionalPrices.map((name) => [name, t.float({ nullable: true, resolve: (cost) => cost[name] ?? null })])),
    maxOutputTokens: t.int({
      nullable: true,
      description: "The model's output limit: a request without max_tokens reserves budget for this many output tokens.",
      resolve: (cost) => cost.maxOutputTokens ?? null,
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (cost) => cost.createdAt }),
    updatedAt: t.field({ type: 'DateTime', resolve: (cost) => cost.updatedAt }),
  }),
});

const priceFields = <F>(t: { float: () => F }) => ({
  inputPerMillion: t.float(),
  outputPerMillion: t.float(),
  cachedInputPerMillion: t.float(),
  cacheWritePerMillion: t.float(),
  perImage: t.float(),
  audioInputPerMinute: t.float(),
  audioOutputPerMinute: t.float(),
  ttsPerThousandChars: t.float(),
  batchMultiplier: t.float(),
});

const CreateModelCostInput = builder.inputType('CreateModelCostInput', {
  fields: (t) => ({ model: t.string({ required: true }), ...priceFields(t), maxOutputTokens: t.int() }),
});
const UpdateModelCostInput = builder.inputType('UpdateModelCostInput', {
  fields: (t) => ({ model: t.string(), ...priceFields(t), maxOutputTokens: t.int() }),
});

builder.queryFields((t) => ({
  modelCosts: t.field({ type: [ModelCostType], resolve: (_root, _args, { services }) => services.costs.list() }),
  modelCost: t.field({
    type: ModelCostType,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, { services }) => services.costs.get(String(args.id)),
  }),
}));

builder.mutationFields((t) => ({
  createModelCost: t.field({
    type: ModelCostType,
    args: { input: t.arg({ type: CreateModelCostInput, required: true }) },
    resolve: (_root, { input }, { services }) => services.costs.create({ ...withoutNulls(input), model: input.model }),
  }),
  updateModelCost: t.field({
    type: ModelCostType,
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateModelCostInput, required: true }) },
    resolve: (_root, { id, input }, { services }) => services.costs.update(String(id), withoutNulls(input, [...optionalPrices, 'maxOutputTokens'])),
  }),
  deleteModelCost: t.boolean({
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, { services }) => services.costs.delete(String(id)),
  }),
}));
