/**
 * Whether a model without a price may serve a request. Unpriced usage is logged at $0, so a budget
 * cannot stop it: by default (REFUSE_FOR_BUDGETED_KEYS) a key with a budget, its own or its group's,
 * is refused an unpriced model; REFUSE refuses every key; ALLOW serves everyone at $0 (and lists the
 * model under `unpricedModels` for an admin to price).
 */
import { GatewayError } from '../../domain/gateway-error.ts';
import type { DeploymentRoute } from '../state/config-snapshot.ts';
import type { ModelPrice } from '../usage/price-table.ts';

export const unpricedModelPolicies = ['ALLOW', 'REFUSE_FOR_BUDGETED_KEYS', 'REFUSE'] as const;
export type UnpricedModelPolicy = (typeof unpricedModelPolicies)[number];

/** The refusal for a request that a deployment without a price might serve, or undefined to go ahead. */
export function unpricedRefusal(
  policy: UnpricedModelPolicy,
  budgeted: boolean,
  model: string,
  routes: readonly DeploymentRoute[],
  prices: ReadonlyArray<ModelPrice | undefined>,
  /** What the missing price is for, when a price alone is not enough (`images`: a perImage or token prices). */
  pricedFor?: 'images',
): GatewayError | undefined {
  if (policy === 'ALLOW' || (policy === 'REFUSE_FOR_BUDGETED_KEYS' && !budgeted)) return undefined;
  // prices[i] is the price of routes[i]; any candidate without one could serve the request for $0.
  const route = routes[prices.indexOf(undefined)];
  if (route === undefined) return undefined;
  const served = route.providerModel === model ? `'${model}'` : `'${model}' (served as '${route.providerModel}' by provider '${route.provider.name}')`;
  const why =
    policy === 'REFUSE'
      ? 'the gateway refuses unpriced models (unpricedModels: REFUSE)'
      : 'this key has a budget, and usage of an unpriced model would cost $0 against it (unpricedModels: REFUSE_FOR_BUDGETED_KEYS)';
  const missing = pricedFor === 'images' ? 'no price for images (a perImage, or input and output token prices)' : 'no price';
  return new GatewayError({
    status: 400,
    type: 'invalid_request_error',
    code: 'model_not_priced',
    param: 'model',
    message:
      `The model ${served} has ${missing}, and ${why}. An admin can add a price for '${route.providerModel}' ` +
      `(GraphQL createModelCost or importModelCosts) or allow unpriced models (updateLimitSettings with unpricedModels: ALLOW).`,
  });
}
