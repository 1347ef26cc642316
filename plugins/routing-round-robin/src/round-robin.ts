import { orderWithinPriority, type RouteCandidate, type RouteRequest, type RoutingStrategy } from '@conduit/plugin-api';

/**
 * Takes turns per model name: each call starts one place further along each priority tier. The turn
 * counter is this process's own; with several gateway instances each one rotates independently.
 */
export class RoundRobin implements RoutingStrategy {
  private readonly turns = new Map<string, number>();

  order<C extends RouteCandidate>(candidates: readonly C[], request: RouteRequest): C[] {
    const turn = this.turns.get(request.modelName) ?? 0;
    this.turns.set(request.modelName, (turn + 1) % 1_000_000_007);
    return orderWithinPriority(candidates, (tier) => {
      const start = turn % tier.length;
      return [...tier.slice(start), ...tier.slice(0, start)];
    });
  }
}
