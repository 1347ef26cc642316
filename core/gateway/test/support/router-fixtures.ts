/**
 * Builds what the router reads — a ConfigSnapshot with deployments, router settings and fallback
 * rules — without a database, for unit tests of the router core.
 */
import { noCapabilities, type ModelCapabilities, type ProviderClient } from '@conduit/plugin-api';
import type { AuthenticatedKey } from '../../src/engine/keys/virtual-key-cache.ts';
import { allowedModelsMatcher } from '../../src/engine/keys/allowed-models.ts';
import { createLogger } from '../../src/infrastructure/logging/logger.ts';
import type { PluginRegistry } from '../../src/engine/plugins/plugin-registry.ts';
import { CircuitBreakers } from '../../src/engine/routing/circuit-breaker.ts';
import { DeploymentStatsBook } from '../../src/engine/routing/deployment-stats.ts';
import { Router } from '../../src/engine/routing/router.ts';
import { defaultRouterSettings, type RouterSettings } from '../../src/engine/routing/router-settings.ts';
import { StrategySet } from '../../src/engine/routing/strategy-set.ts';
import { ProviderHealthBoard } from '../../src/engine/health/provider-health-board.ts';
import { ConfigSnapshot, type DeploymentRoute } from '../../src/engine/state/config-snapshot.ts';
import type { ConfigState } from '../../src/engine/state/config-state.ts';
import { PriceTable } from '../../src/engine/usage/price-table.ts';
import priority from '../../../../plugins/routing-priority/src/index.ts';

export const allCapabilities: ModelCapabilities = Object.fromEntries(Object.keys(noCapabilities).map((name) => [name, true])) as unknown as ModelCapabilities;

export interface RouteSpec {
  id: string;
  model: string;
  provider?: string;
  priority?: number;
  weight?: number;
  capabilities?: Partial<ModelCapabilities>;
}

export function route(spec: RouteSpec): DeploymentRoute {
  const provider = spec.provider ?? `provider-${spec.id}`;
  return {
    id: spec.id,
    modelName: spec.model,
    providerModel: `${spec.model}-upstream`,
    weight: spec.weight ?? 1,
    priority: spec.priority ?? 0,
    timeouts: undefined,
    cacheTtlSeconds: undefined,
    capabilities: { ...allCapabilities, ...spec.capabilities },
    provider: { id: provider, name: provider, type: 'fake', client: {} as ProviderClient },
    createdAt: new Date(0),
  };
}

export function snapshot(
  routes: readonly DeploymentRoute[],
  settings: Partial<RouterSettings> = {},
  fallbacks: Record<string, string[]> = {},
): ConfigSnapshot {
  const byModel = new Map<string, DeploymentRoute[]>();
  for (const each of routes) byModel.set(each.modelName, [...(byModel.get(each.modelName) ?? []), each]);
  return new ConfigSnapshot(byModel, new PriceTable([]), [], [], {
    // The deterministic strategy by default, so orders in tests are the configured ones.
    settings: { ...defaultRouterSettings, defaultStrategy: 'priority', ...settings },
    fallbacks: new Map(Object.entries(fallbacks)),
  });
}

export function key(allowedModels: string[] | null = null): AuthenticatedKey {
  return {
    id: 'key',
    name: 'key',
    enabled: true,
    expiresAt: null,
    allowsModel: allowedModelsMatcher(allowedModels),
    allowedModels,
    metadata: {},
  };
}

export interface RouterRig {
  router: Router;
  breakers: CircuitBreakers;
  stats: DeploymentStatsBook;
  health: ProviderHealthBoard;
  config: { current: ConfigSnapshot };
}

export function routerRig(current: ConfigSnapshot, registry: PluginRegistry = registryWith()): RouterRig {
  const stats = new DeploymentStatsBook();
  const health = new ProviderHealthBoard();
  const breakers = new CircuitBreakers({ stats });
  const config = { current };
  const logger = createLogger('silent');
  const router = new Router({
    config: config as unknown as ConfigState,
    strategies: new StrategySet(registry, logger, () => 0.5),
    stats,
    breakers,
    health,
    logger,
    random: () => 0.5,
  });
  return { router, breakers, stats, health, config };
}

/** A registry holding the given routing-strategy plugins (the priority plugin by default). */
export function registryWith(...plugins: Array<{ name: string; create: (context: never) => unknown }>): PluginRegistry {
  const list = plugins.length > 0 ? plugins : [priority];
  const routingStrategies = new Map(list.map((plugin) => [plugin.name, { plugin, module: 'test', options: {} }]));
  return { providers: new Map(), realtimeTranslators: new Map(), routingStrategies, all: () => [] } as unknown as PluginRegistry;
}
