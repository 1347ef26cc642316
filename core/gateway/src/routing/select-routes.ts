/**
 * Resolves a public model name to the deployments that may serve this request: the key must allow
 * the model, the model must exist, and a deployment must have every capability the request needs.
 */
import type { CapabilityName } from '@conduit/plugin-api';
import { GatewayError } from '../http/gateway-error.ts';
import type { AuthenticatedKey } from '../keys/virtual-key-cache.ts';
import type { ConfigSnapshot, DeploymentRoute } from '../state/config-snapshot.ts';
import { orderRoutes } from './order-routes.ts';

const capabilityLabels: Record<CapabilityName, string> = {
  chat: 'chat completions',
  stream: 'streaming',
  tools: 'tools',
  vision: 'image inputs',
  jsonObject: "response_format 'json_object'",
  jsonSchema: "response_format 'json_schema'",
  completions: 'the completions endpoint',
  embeddings: 'embeddings',
  images: 'image generation',
  audioInput: 'audio inputs',
};

export function selectRoutes(
  snapshot: ConfigSnapshot,
  key: AuthenticatedKey,
  modelName: string,
  required: readonly CapabilityName[],
): DeploymentRoute[] {
  if (!key.allowsModel(modelName)) {
    throw new GatewayError({
      status: 403,
      type: 'permission_error',
      code: 'model_not_allowed',
      param: 'model',
      message: `This API key is not allowed to use the model '${modelName}'.`,
    });
  }
  const routes = snapshot.routesFor(modelName);
  if (routes.length === 0) {
    throw new GatewayError({
      status: 404,
      type: 'not_found_error',
      code: 'model_not_found',
      param: 'model',
      message: `The model '${modelName}' does not exist or you do not have access to it.`,
    });
  }
  const capable = routes.filter((route) => required.every((name) => route.capabilities[name]));
  if (capable.length === 0) {
    const missing = required.filter((name) => !routes.some((route) => route.capabilities[name]));
    const what = (missing.length > 0 ? missing : required).map((name) => capabilityLabels[name]).join(', ');
    throw new GatewayError({
      status: 400,
      type: 'invalid_request_error',
      code: 'unsupported_capability',
      param: 'model',
      message: `The model '${modelName}' does not support ${what}.`,
    });
  }
  return orderRoutes(capable);
}
