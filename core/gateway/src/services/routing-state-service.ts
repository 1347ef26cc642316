/** What the router knows right now about a deployment: its circuit breaker and live statistics (this instance's view). */
import type { HealthStatus } from '../engine/health/provider-health-board.ts';
import type { Routing } from '../engine/routing/routing.ts';
import type { BreakerState } from '../engine/routing/circuit-breaker.ts';
import type { ConfigState } from '../engine/state/config-state.ts';

export interface DeploymentRoutingState {
  circuit: BreakerState;
  consecutiveFailures: number;
  /** When an open breaker lets its next probe request through. */
  retryAt: Date | undefined;
  latencyMs: number | undefined;
  errorRate: number;
  requests: number;
  inFlight: number;
  health: HealthStatus;
}

export class RoutingStateService {
  constructor(
    private readonly routing: Routing,
    private readonly config: ConfigState,
  ) {}

  deployment(deploymentId: string, providerId: string): DeploymentRoutingState {
    const breaker = this.routing.breakers.view(deploymentId);
    const health = this.routing.health.status(providerId);
    const stats = this.routing.stats.stats(deploymentId, this.config.current.router.settings.breakerWindowMs, health);
    return {
      circuit: breaker.state,
      consecutiveFailures: breaker.consecutiveFailures,
      retryAt: breaker.retryAt === undefined ? undefined : new Date(breaker.retryAt),
      latencyMs: stats.latencyMs,
      errorRate: stats.errorRate,
      requests: stats.requests,
      inFlight: stats.inFlight,
      health,
    };
  }
}
