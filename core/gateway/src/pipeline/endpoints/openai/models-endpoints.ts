/** GET /v1/models and GET /v1/models/{id}: the models this key may use, answered by the gateway itself. */
import type { Model, ModelList } from '@conduit/plugin-api';
import { modelNotFound } from '../../../domain/gateway-error.ts';
import { defineEndpoint } from '../../endpoint.ts';
import { modelIdInPath, usableModel, usableModels, type UsableModel } from '../usable-models.ts';

const toModel = (model: UsableModel): Model => ({ id: model.name, object: 'model', created: model.createdAt.getTime() / 1000, owned_by: model.ownedBy });

export const listModelsEndpoint = defineEndpoint<void>({
  name: 'models',
  parse: async () => undefined,
  delivery: () => ({
    kind: 'local',
    answer: (_input, key, snapshot): ModelList => ({ object: 'list', data: usableModels(key, snapshot).map(toModel) }),
  }),
});

export const retrieveModelEndpoint = defineEndpoint<string>({
  name: 'models',
  parse: async (exchange) => modelIdInPath(exchange.path),
  delivery: () => ({
    kind: 'local',
    answer: (name, key, snapshot) => {
      const model = usableModel(key, snapshot, name);
      if (!model) throw modelNotFound(name);
      return toModel(model);
    },
  }),
});
