/**
 * The routing-strategy contract. A strategy only orders candidates; the router core owns trying,
 * retrying and falling back.
 */
import type { PluginBase } from './plugin-base.ts';

/** Live statistics of one deployment, kept by the gateway in memory. */
export interface DeploymentStats {
  /** Exponentially weighted moving average of latency to first byte, in ms; undefined until measured. */
  latencyMs: number | undefined;
  /** Share of failed calls over the recent window, 0..1. */
  errorRate: number;
  /** Requests currently in flight on this deployment (this process). */
  inFlight: number;
}

export interface RouteCandidate {
  deploymentId: string;
  providerId: string;
  modelName: string;
  providerModel: string;
  /** Relative share for weighted strategies (> 0). */
  weight: number;
  /** Lower is preferred. */
  priority: number;
  /** Input and output price per million tokens, when priced. */
  price: { inputPerMillion: number; outputPerMillion: number } | undefined;
  stats: DeploymentStats;
}

export interface RouteRequest {
  modelName: string;
  /** Estimated prompt tokens, when counted. */
  promptTokens?: number;
}

export interface RoutingStrategy {
  order<C extends RouteCandidate>(candidates: readonly C[], request: RouteRequest): C[];
}

export interface RoutingStrategyContext<PluginOptions> {
  pluginOptions: PluginOptions;
  /** A uniform random number in [0, 1); seeded in tests. */
  random: () => number;
}

export interface RoutingStrategyPlugin<PluginOptions = Record<string, unknown>> extends PluginBase<PluginOptions> {
  kind: 'routing-strategy';
  create(context: RoutingStrategyContext<PluginOptions>): RoutingStrategy;
}
