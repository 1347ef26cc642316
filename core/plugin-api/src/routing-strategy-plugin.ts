/**
 * The routing-strategy contract. A strategy only orders candidates; the router core owns trying,
 * retrying, falling back, skipping deployments whose circuit breaker is open, and filtering by
 * capability. A strategy is chosen per public model name, with a global default.
 */
import type { PluginBase } from './plugin-base.ts';

/** Live statistics of one deployment, kept by the gateway in memory (merged across instances with Redis). */
export interface DeploymentStats {
  /**
   * Exponentially weighted moving average of the time an attempt took to succeed, in ms: to the first
   * output chunk for streams, to the whole answer otherwise. Undefined until measured.
   */
  latencyMs: number | undefined;
  /** Share of failed attempts over the recent window, 0..1 (0 when nothing was tried yet). */
  errorRate: number;
  /** Attempts counted in that window. */
  requests: number;
  /** Requests currently in flight on this deployment, streams until their last chunk. */
  inFlight: number;
  /** The provider's latest active health check: `unknown` before the first or when it cannot be probed. */
  health: 'up' | 'down' | 'unknown';
}

export interface RouteCandidate {
  deploymentId: string;
  providerId: string;
  /** The public model name this deployment serves (a fallback model's name for fallback candidates). */
  modelName: string;
  providerModel: string;
  /** Relative share for weighted strategies (>= 0). */
  weight: number;
  /** Lower is preferred. */
  priority: number;
  /** Input and output price per million tokens (USD), when priced. */
  price: { inputPerMillion: number; outputPerMillion: number } | undefined;
  stats: DeploymentStats;
}

export interface RouteRequest {
  /** The model being routed: the requested one, or a fallback model of it. */
  modelName: string;
  /** Estimated prompt tokens, when counted. */
  promptTokens?: number;
  /** The most output tokens the request allows, when it says. */
  maxOutputTokens?: number;
}

export interface RoutingStrategy {
  /**
   * Returns the candidates in the order to try them: the same objects, each once. It is called on the
   * hot path for every request and must not do I/O. Candidates it drops are appended by the gateway in
   * their original order; an exception makes the gateway fall back to its default order.
   */
  order<C extends RouteCandidate>(candidates: readonly C[], request: RouteRequest): C[];
}

export interface RoutingStrategyContext<PluginOptions> {
  pluginOptions: PluginOptions;
  /** A uniform random number in [0, 1); seeded in tests. */
  random: () => number;
}

export interface RoutingStrategyPlugin<PluginOptions = Record<string, unknown>> extends PluginBase<PluginOptions> {
  kind: 'routing-strategy';
  /** Called once when the gateway starts; the strategy may keep state (e.g. a round-robin counter). */
  create(context: RoutingStrategyContext<PluginOptions>): RoutingStrategy;
}

/**
 * Orders candidates by priority tier (lowest value first) and lets `orderTier` order each tier. The
 * built-in strategies treat priority as a hard tier (primary, backup…) and balance within a tier;
 * a strategy that wants to ignore priority simply does not use this helper.
 */
export function orderWithinPriority<C extends RouteCandidate>(candidates: readonly C[], orderTier: (tier: C[]) => C[]): C[] {
  const tiers = new Map<number, C[]>();
  for (const candidate of candidates) {
    const tier = tiers.get(candidate.priority);
    if (tier) tier.push(candidate);
    else tiers.set(candidate.priority, [candidate]);
  }
  const ordered: C[] = [];
  for (const priority of [...tiers.keys()].sort((a, b) => a - b)) {
    const tier = tiers.get(priority)!;
    ordered.push(...(tier.length > 1 ? orderTier(tier) : tier));
  }
  return ordered;
}
