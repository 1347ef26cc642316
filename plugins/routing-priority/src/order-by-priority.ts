import { orderWithinPriority, type RouteCandidate } from '@conduit/plugin-api';

/** Lowest priority value first; within a priority the heaviest weight first, then configuration order. */
export function orderByPriority<C extends RouteCandidate>(candidates: readonly C[]): C[] {
  // Array.prototype.sort is stable, so equal weights keep the order they were configured in.
  return orderWithinPriority(candidates, (tier) => [...tier].sort((a, b) => b.weight - a.weight));
}
