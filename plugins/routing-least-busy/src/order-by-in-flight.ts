import { orderWithinPriority, type RouteCandidate } from '@conduit/plugin-api';

/** Within each priority tier, the fewest requests in flight first; ties at random. */
export function orderByInFlight<C extends RouteCandidate>(candidates: readonly C[], random: () => number): C[] {
  return orderWithinPriority(candidates, (tier) =>
    tier
      .map((candidate) => ({ candidate, busy: candidate.stats.inFlight, tie: random() }))
      .sort((a, b) => a.busy - b.busy || a.tie - b.tie)
      .map((entry) => entry.candidate),
  );
}
