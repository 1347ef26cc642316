/** The models a key may use, as every wire format lists them and looks one up (`GET /v1/models/{id}`). */
import { invalidRequest, modelNotFound } from '../../domain/gateway-error.ts';
import type { AuthenticatedKey } from '../../engine/keys/virtual-key-cache.ts';
import type { ConfigSnapshot } from '../../engine/state/config-snapshot.ts';
import { defineEndpoint, type Endpoint } from '../endpoint.ts';

export interface UsableModel {
  name: string;
  /** When its first deployment was created. */
  createdAt: Date;
  /** The provider of its first deployment. */
  ownedBy: string;
}

/** The models `key` may use, by name. */
export function usableModels(key: AuthenticatedKey, snapshot: ConfigSnapshot): UsableModel[] {
  return snapshot
    .modelNames()
    .filter((name) => key.allowsModel(name))
    .sort()
    .map((name) => describeModel(snapshot, name));
}

/** The model `name` if `key` may use it and it is served; else undefined. */
function usableModel(key: AuthenticatedKey, snapshot: ConfigSnapshot, name: string): UsableModel | undefined {
  if (!key.allowsModel(name) || snapshot.routesFor(name).length === 0) return undefined;
  return describeModel(snapshot, name);
}

function describeModel(snapshot: ConfigSnapshot, name: string): UsableModel {
  const routes = snapshot.routesFor(name);
  const created = Math.min(...routes.map((route) => route.createdAt.getTime()));
  return { name, createdAt: new Date(Math.floor(created / 1000) * 1000), ownedBy: routes[0]?.provider.name ?? 'conduit' };
}

const modelsPrefix = '/v1/models/';

/** The model id at the end of a `/v1/models/{id}` path (ids may contain slashes). */
function modelIdInPath(path: string): string {
  const raw = path.slice(modelsPrefix.length).replace(/\/$/, '');
  try {
    return decodeURIComponent(raw);
  } catch {
    throw invalidRequest(`The model id in the URL is not valid percent-encoded UTF-8: '${raw}'.`, 'model', 'invalid_value');
  }
}

/**
 * GET /v1/models/{id}: the model in the path, in the shape `render` gives it (each wire format its
 * own), or `model_not_found` when the key may not use it or nothing serves it.
 */
export function defineRetrieveModelEndpoint(render: (model: UsableModel) => object): Endpoint<string> {
  return defineEndpoint<string>({
    name: 'models',
    parse: async (exchange) => modelIdInPath(exchange.path),
    delivery: () => ({
      kind: 'local',
      answer: (name, key, snapshot) => {
        const model = usableModel(key, snapshot, name);
        if (!model) throw modelNotFound(name);
        return render(model);
      },
    }),
  });
}
