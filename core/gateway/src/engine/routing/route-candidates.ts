/** What a routing strategy sees of a deployment: its configuration, price and live statistics. */
import type { DeploymentStats, RouteCandidate } from '@conduit/plugin-api';
import type { DeploymentRoute } from '../state/config-snapshot.ts';
import type { PriceTable } from '../usage/price-table.ts';

/** A candidate that remembers the deployment it stands for. */
export interface RoutedCandidate extends RouteCandidate {
  readonly route: DeploymentRoute;
}

export function toCandidate(route: DeploymentRoute, prices: PriceTable, stats: DeploymentStats): RoutedCandidate {
  // The provider's model first: deployments of one public name may differ in price.
  const price = prices.find(route.providerModel, route.modelName);
  return {
    route,
    deploymentId: route.id,
    providerId: route.provider.id,
    modelName: route.modelName,
    providerModel: route.providerModel,
    weight: route.weight,
    priority: route.priority,
    price: price ? { inputPerMillion: price.inputPerMillion, outputPerMillion: price.outputPerMillion } : undefined,
    stats,
  };
}
