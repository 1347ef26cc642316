/** The router and the state it keeps, as assembled by the composition root (composition/create-routing.ts). */
import type { ProviderHealthBoard } from '../health/provider-health-board.ts';
import type { CircuitBreakers } from './circuit-breaker.ts';
import type { DeploymentStatsBook } from './deployment-stats.ts';
import type { Router } from './router.ts';
import type { RouterSync } from './router-sync.ts';
import type { StrategySet } from './strategy-set.ts';

export interface Routing {
  router: Router;
  stats: DeploymentStatsBook;
  breakers: CircuitBreakers;
  health: ProviderHealthBoard;
  strategies: StrategySet;
  sync: RouterSync;
  /** Calls `listener` with the deployment whenever a breaker opens on this instance. */
  onBreakerOpened(listener: (deploymentId: string) => void): void;
  close(): Promise<void>;
}
