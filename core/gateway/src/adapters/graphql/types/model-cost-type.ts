import { builder } from '../builder.ts';
import type { ModelCostRecord } from '../../../infrastructure/database/models/model-cost-model.ts';
import { withoutNulls } from '../without-nulls.ts';
import { optionalPriceFields } from '../../../ports/config-source.ts';
import { unchargedPriceFields } from '../../../services/model-cost-service.ts';

export const ModelCostType = builder.objectRef<ModelCostRecord>('ModelCost');

ModelCostType.implement({
  description: 'Prices for a model name, or for every name with a prefix when `model` ends in `*`. USD.',
  fields: (t) => ({
    id: t.exposeID('id'),
    model: t.exposeString('model'),
    inputPerMillion: t.exposeFloat('inputPerMillion'),
    outputPerMillion: t.exposeFloat('outputPerMillion'),
    ...Object.fromEntries(optionalPriceFields.map((name) => [name, t.float({ nullable: true, description: optionalPriceMeanings[name], resolve: (cost) => cost[name] ?? null })])),
    maxOutputTokens: t.int({
      nullable: true,
      description: "The model's output limit: a request without max_tokens reserves budget for this many output tokens.",
      resolve: (cost) => cost.maxOutputTokens ?? null,
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (cost) => cost.createdAt }),
    updatedAt: t.field({ type: 'DateTime', resolve: (cost) => cost.updatedAt }),
  }),
});

/** What each optional price means; a price no endpoint charges yet says so (and is refused when set). */
const optionalPriceMeanings: Record<(typeof optionalPriceFields)[number], string> = {
  cachedInputPerMillion: 'USD per million cached prompt tokens; null: the input price.',
  cacheWritePerMillion: 'USD per million prompt tokens written to a cache; null: the input price.',
  cacheWrite1hPerMillion: 'USD per million prompt tokens written to a cache kept for an hour (Anthropic); null: the cache-write price.',
  perImage: 'USD per generated image (/v1/images/generations), charged when the model has no token prices or its answer reports no tokens.',
  audioInputPerMinute: 'USD per minute of audio in (transcription, translation), measured by the gateway.',
  audioOutputPerMinute: 'USD per minute of audio out (speech).',
  speechPerMillionCharacters: 'USD per million characters spoken (speech input text).',
  audioInputPerMillion: 'USD per million audio input tokens (token-billed audio models, realtime); null: they are billed as input tokens.',
  audioOutputPerMillion: 'USD per million audio output tokens; null: they are billed as output tokens.',
  cachedAudioInputPerMillion: 'USD per million cached audio input tokens (realtime).',
  sessionPerMinute: 'USD per minute of a realtime session, whatever is said in it.',
  batchMultiplier: 'The factor batch requests are charged at.',
};
const notCharged = ' Not charged by any endpoint yet: refused when set (null is accepted).';
const describePrice = (name: (typeof optionalPriceFields)[number]): string =>
  optionalPriceMeanings[name] + ((unchargedPriceFields as readonly string[]).includes(name) ? notCharged : '');

const priceFields = <F>(t: { float: (options?: { description: string }) => F }) => ({
  inputPerMillion: t.float({ description: 'USD per million prompt tokens. Required when creating (0 for a free model).' }),
  outputPerMillion: t.float({ description: 'USD per million output tokens. Required when creating (0 for a free model).' }),
  ...(Object.fromEntries(optionalPriceFields.map((name) => [name, t.float({ description: describePrice(name) })])) as Record<(typeof optionalPriceFields)[number], F>),
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
    resolve: (_root, { id, input }, { services }) => services.costs.update(String(id), withoutNulls(input, [...optionalPriceFields, 'maxOutputTokens'])),
  }),
  deleteModelCost: t.boolean({
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, { services }) => services.costs.delete(String(id)),
  }),
}));
