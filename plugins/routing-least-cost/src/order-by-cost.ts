import { orderWithinPriority, type RouteCandidate, type RouteRequest } from '@conduit/plugin-api';
import { estimateCost } from './estimate-cost.ts';

/** Within each priority tier, the cheapest first; unpriced deployments last; ties at random. */
export function orderByCost<C extends RouteCandidate>(candidates: readonly C[], request: RouteRequest, random: () => number): C[] {
  return orderWithinPriority(candidates, (tier) =>
    tier
      .map((candidate) => ({ candidate, cost: estimateCost(candidate, request) ?? Number.POSITIVE_INFINITY, tie: random() }))
      .sort((a, b) => (a.cost === b.cost ? a.tie - b.tie : a.cost - b.cost))
      .map((entry) => entry.candidate),
  );
}
