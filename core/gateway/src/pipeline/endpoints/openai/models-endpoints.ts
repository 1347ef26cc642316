/** GET /v1/models and GET /v1/models/{id}: the models this key may use, answered by the gateway itself. */
import type { Model, ModelList } from '@conduit/plugin-api';
import { defineEndpoint } from '../../endpoint.ts';
import { defineRetrieveModelEndpoint, usableModels, type UsableModel } from '../usable-models.ts';

const toModel = (model: UsableModel): Model => ({ id: model.name, object: 'model', created: model.createdAt.getTime() / 1000, owned_by: model.ownedBy });

export const listModelsEndpoint = defineEndpoint<void>({
  name: 'models',
  parse: async () => undefined,
  delivery: () => ({
    kind: 'local',
    answer: (_input, key, snapshot): ModelList => ({ object: 'list', data: usableModels(key, snapshot).map(toModel) }),
  }),
});

export const retrieveModelEndpoint = defineRetrieveModelEndpoint(toModel);
