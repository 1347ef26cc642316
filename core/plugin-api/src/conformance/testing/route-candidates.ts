/** For a routing-strategy plugin's tests: candidates to order, a reproducible random source, their ids. */
import type { DeploymentStats, RouteCandidate } from '../../routing-strategy-plugin.ts';

const quietStats: DeploymentStats = { latencyMs: undefined, errorRate: 0, requests: 0, inFlight: 0, health: 'unknown' };

/** A candidate deployment with everything neutral unless given: weight 1, priority 0, no traffic yet. */
export function routeCandidate(id: string, fields: Partial<Omit<RouteCandidate, 'stats'>> & { stats?: Partial<DeploymentStats> } = {}): RouteCandidate {
  const { stats, ...rest } = fields;
  return { deploymentId: id, providerId: 'p', modelName: 'm', providerModel: 'x', weight: 1, priority: 0, price: undefined, ...rest, stats: { ...quietStats, ...stats } };
}

/** A seeded Park-Miller generator in [0, 1), so random orders are reproducible. */
export function seededRandom(seed = 42): () => number {
  let state = seed;
  return () => ((state = (state * 16807) % 2147483647) - 1) / 2147483646;
}

export const deploymentIds = (list: readonly RouteCandidate[]): string[] => list.map((entry) => entry.deploymentId);
