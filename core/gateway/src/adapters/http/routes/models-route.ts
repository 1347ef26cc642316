/** GET /v1/models and GET /v1/models/{id}: the models this key may use. */
import type { Middleware } from 'koa';
import type { Model, ModelList } from '@conduit/plugin-api';
import { invalidRequest, modelNotFound } from '../../../domain/gateway-error.ts';
import type { RequestState } from '../request-state.ts';
import type { ConfigSnapshot } from '../../../engine/state/config-snapshot.ts';
import type { RouteDependencies } from './route-dependencies.ts';

function toModel(snapshot: ConfigSnapshot, name: string): Model {
  const routes = snapshot.routesFor(name);
  const created = Math.min(...routes.map((route) => Math.floor(route.createdAt.getTime() / 1000)));
  return { id: name, object: 'model', created, owned_by: routes[0]?.provider.name ?? 'conduit' };
}

export function listModelsRoute(dependencies: RouteDependencies): Middleware<RequestState> {
  return async function listModels(ctx) {
    const snapshot = dependencies.config.current;
    const key = ctx.state.key!;
    const data = snapshot
      .modelNames()
      .filter((name) => key.allowsModel(name))
      .sort()
      .map((name) => toModel(snapshot, name));
    const body: ModelList = { object: 'list', data };
    ctx.body = body;
  };
}

export function retrieveModelRoute(dependencies: RouteDependencies): Middleware<RequestState> {
  return async function retrieveModel(ctx) {
    const snapshot = dependencies.config.current;
    const name = decodeModelId((ctx as unknown as { params: { model: string } }).params.model);
    if (!ctx.state.key!.allowsModel(name) || snapshot.routesFor(name).length === 0) throw modelNotFound(name);
    ctx.body = toModel(snapshot, name);
  };
}

/** The model id from the path; bad percent-encoding (`%ZZ`, a cut UTF-8 sequence) is the client's error. */
function decodeModelId(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw invalidRequest(`The model id in the URL is not valid percent-encoded UTF-8: '${raw}'.`, 'model', 'invalid_value');
  }
}
