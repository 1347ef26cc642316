import { builder } from '../builder.ts';
import type { FallbackRuleRecord } from '../../../infrastructure/database/models/fallback-rule-model.ts';

const FallbackRuleType = builder.objectRef<FallbackRuleRecord>('FallbackRule').implement({
  description:
    'When every deployment of a model fails, its fallback models are tried in order (and their own fallbacks after them). ' +
    'A key allowed the model may be served by its fallbacks.',
  fields: (t) => ({
    id: t.exposeID('id'),
    modelName: t.exposeString('modelName'),
    fallbacks: t.exposeStringList('fallbacks'),
    chain: t.stringList({
      description: 'Every model a request for modelName may be served by, in the order tried; rules that loop back are cut.',
      resolve: (rule, _args, { services }) => services.fallbackRules.chain(rule.modelName),
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (rule) => rule.createdAt }),
    updatedAt: t.field({ type: 'DateTime', resolve: (rule) => rule.updatedAt }),
  }),
});

const CreateFallbackRuleInput = builder.inputType('CreateFallbackRuleInput', {
  fields: (t) => ({
    modelName: t.string({ required: true }),
    fallbacks: t.stringList({ required: true }),
  }),
});

const UpdateFallbackRuleInput = builder.inputType('UpdateFallbackRuleInput', {
  fields: (t) => ({
    modelName: t.string(),
    fallbacks: t.stringList(),
  }),
});

builder.queryFields((t) => ({
  fallbackRules: t.field({ type: [FallbackRuleType], resolve: (_root, _args, { services }) => services.fallbackRules.list() }),
  fallbackRule: t.field({
    type: FallbackRuleType,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, { services }) => services.fallbackRules.get(String(args.id)),
  }),
}));

builder.mutationFields((t) => ({
  createFallbackRule: t.field({
    type: FallbackRuleType,
    args: { input: t.arg({ type: CreateFallbackRuleInput, required: true }) },
    resolve: (_root, { input }, { services }) => services.fallbackRules.create({ modelName: input.modelName, fallbacks: input.fallbacks }),
  }),
  updateFallbackRule: t.field({
    type: FallbackRuleType,
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateFallbackRuleInput, required: true }) },
    resolve: (_root, { id, input }, { services }) =>
      services.fallbackRules.update(String(id), { modelName: input.modelName ?? undefined, fallbacks: input.fallbacks ?? undefined }),
  }),
  deleteFallbackRule: t.boolean({
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, { services }) => services.fallbackRules.delete(String(id)),
  }),
}));
