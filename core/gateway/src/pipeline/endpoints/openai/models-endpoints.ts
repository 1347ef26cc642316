/** GET /v1/models and GET /v1/models/{id}: the models this key may use, answered by the gateway itself. */
import type { Model, ModelList } from '@conduit/plugin-api';
import { invalidRequest, modelNotFound } from '../../../domain/gateway-error.ts';
import type { ConfigSnapshot } from '../../../engine/state/config-snapshot.ts';
import { defineEndpoint } from '../../endpoint.ts';

function toModel(snapshot: ConfigSnapshot, name: string): Model {
  const routes = snapshot.routesFor(name);
  const created = Math.min(...routes.map((route) => Math.floor(route.createdAt.getTime() / 1000)));
  return { id: name, object: 'model', created, owned_by: routes[0]?.provider.name ?? 'conduit' };
}

export const listModelsEndpoint = defineEndpoint<void>({
  name: 'models',
  parse: async () => undefined,
  delivery: () => ({
    kind: 'local',
    answer: (_input, key, snapshot): ModelList => ({
      object: 'list',
      data: snapshot
        .modelNames()
        .filter((name) => key.allowsModel(name))
        .sort()
        .map((name) => toModel(snapshot, name)),
    }),
  }),
});

const modelsPrefix = '/v1/models/';

export const retrieveModelEndpoint = defineEndpoint<string>({
  name: 'models',
  parse: async (exchange) => {
    const raw = exchange.path.slice(modelsPrefix.length).replace(/\/$/, '');
    try {
      return decodeURIComponent(raw);
    } catch {
      throw invalidRequest(`The model id in the URL is not valid percent-encoded UTF-8: '${raw}'.`, 'model', 'invalid_value');
    }
  },
  delivery: () => ({
    kind: 'local',
    answer: (name, key, snapshot) => {
      if (!key.allowsModel(name) || snapshot.routesFor(name).length === 0) throw modelNotFound(name);
      return toModel(snapshot, name);
    },
  }),
});

/** Whether a path names one model (`/v1/models/{id}`; ids may contain slashes). */
export function isModelPath(path: string): boolean {
  return path.startsWith(modelsPrefix) && path.length > modelsPrefix.length;
}
