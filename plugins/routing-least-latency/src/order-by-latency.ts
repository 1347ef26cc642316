import { orderWithinPriority, type RouteCandidate } from '@conduit/plugin-api';

/**
 * Within each priority tier, the lowest latency first. Deployments not measured yet come first so
 * they get measured; exact ties are broken at random so equal deployments share the load.
 */
export function orderByLatency<C extends RouteCandidate>(candidates: readonly C[], random: () => number): C[] {
  return orderWithinPriority(candidates, (tier) =>
    tier
      .map((candidate) => ({ candidate, latency: candidate.stats.latencyMs ?? -1, tie: random() }))
      .sort((a, b) => a.latency - b.latency || a.tie - b.tie)
      .map((entry) => entry.candidate),
  );
}
