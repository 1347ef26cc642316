/**
 * Assembles the router and the state it keeps: live statistics, circuit breakers, provider health,
 * the strategies, and — with Redis — the sharing of breakers and statistics between instances.
 */
import type { Logger } from '../ports/logger.ts';
import { probeAllowedByHealth } from '../engine/health/probe-allowed-by-health.ts';
import { ProviderHealthBoard } from '../engine/health/provider-health-board.ts';
import type { PluginRegistry } from '../engine/plugins/plugin-registry.ts';
import type { ConfigState } from '../engine/state/config-state.ts';
import { CircuitBreakers } from '../engine/routing/circuit-breaker.ts';
import { DeploymentStatsBook } from '../engine/routing/deployment-stats.ts';
import { createRedisRouterSync } from '../engine/routing/redis-router-sync.ts';
import { Router } from '../engine/routing/router.ts';
import { createLocalRouterSync, type RouterSync } from '../engine/routing/router-sync.ts';
import { StrategySet } from '../engine/routing/strategy-set.ts';
import type { Routing } from '../engine/routing/routing.ts';

export type { Routing };

export interface RoutingOptions {
  config: ConfigState;
  registry: PluginRegistry;
  logger: Logger;
  redisUrl?: string;
  /** Strategies' and backoff jitter's randomness; seeded in tests. */
  random?: () => number;
  /** How often statistics are exchanged with other instances (Redis only). */
  statsExchangeMs?: number;
}

export async function createRouting(options: RoutingOptions): Promise<Routing> {
  const { config, logger } = options;
  const sync = options.redisUrl ? createRedisRouterSync({ redisUrl: options.redisUrl, logger }) : createLocalRouterSync();
  const stats = new DeploymentStatsBook();
  const health = new ProviderHealthBoard();
  const openedListeners: Array<(deploymentId: string) => void> = [];
  const breakers = new CircuitBreakers({
    stats,
    probeAllowed: probeAllowedByHealth(() => config.current.router.settings, health),
    onTransition: (transition) => {
      if (transition.state === 'open') logger.warn({ deployment: transition.deploymentId }, 'circuit breaker opened; deployment out of rotation');
      else logger.info({ deployment: transition.deploymentId }, 'circuit breaker closed; deployment back in rotation');
      sync.publishBreaker(transition);
      if (transition.state === 'open') for (const listener of openedListeners) listener(transition.deploymentId);
    },
  });
  await sync.onBreaker((transition) => breakers.apply(transition));
  for (const transition of await sync.openBreakers()) breakers.apply(transition);

  const strategies = new StrategySet(options.registry, logger, options.random);
  const router = new Router({ config, strategies, stats, breakers, health, logger, random: options.random });

  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  if (options.redisUrl) {
    const every = options.statsExchangeMs ?? 1_000;
    const exchange = async (): Promise<void> => {
      const windowMs = config.current.router.settings.breakerWindowMs;
      try {
        stats.setRemote(await sync.exchangeStats(stats.report(windowMs)));
      } catch (error) {
        // Redis away or closing: keep the last remote figures and try again at the next round.
        if (!closed) logger.warn({ err: error }, 'exchanging deployment statistics failed');
      }
      if (!closed) timer = setTimeout(() => void exchange(), every).unref();
    };
    timer = setTimeout(() => void exchange(), every).unref();
  }

  return {
    router,
    stats,
    breakers,
    health,
    strategies,
    sync,
    onBreakerOpened: (listener) => void openedListeners.push(listener),
    async close() {
      closed = true;
      clearTimeout(timer);
      await sync.close();
    },
  };
}
