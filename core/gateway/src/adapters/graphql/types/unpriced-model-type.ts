import { builder } from '../builder.ts';
import type { UnpricedModel } from '../../../services/unpriced-model-service.ts';

const UnpricedModelType = builder.objectRef<UnpricedModel>('UnpricedModel').implement({
  description: 'A model served without a price: its requests are logged at zero cost until a ModelCost matches it.',
  fields: (t) => ({
    model: t.exposeString('model', { description: 'The public model name.' }),
    providerModel: t.string({ nullable: true, resolve: (entry) => entry.providerModel }),
    requests: t.exposeInt('requests', { description: 'Requests served unpriced (0: a deployment no price matches yet).' }),
    lastSeenAt: t.field({ type: 'DateTime', nullable: true, resolve: (entry) => entry.lastSeenAt }),
  }),
});

builder.queryField('unpricedModels', (t) =>
  t.field({ type: [UnpricedModelType], resolve: (_root, _args, { services }) => services.unpricedModels.list() }),
);
