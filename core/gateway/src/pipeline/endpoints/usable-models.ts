/** The models a key may use, as the model lists of every wire format show them. */
import { invalidRequest } from '../../domain/gateway-error.ts';
import type { AuthenticatedKey } from '../../engine/keys/virtual-key-cache.ts';
import type { ConfigSnapshot } from '../../engine/state/config-snapshot.ts';

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
export function usableModel(key: AuthenticatedKey, snapshot: ConfigSnapshot, name: string): UsableModel | undefined {
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
export function modelIdInPath(path: string): string {
  const raw = path.slice(modelsPrefix.length).replace(/\/$/, '');
  try {
    return decodeURIComponent(raw);
  } catch {
    throw invalidRequest(`The model id in the URL is not valid percent-encoded UTF-8: '${raw}'.`, 'model', 'invalid_value');
  }
}
