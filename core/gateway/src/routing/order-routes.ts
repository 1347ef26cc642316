/**
 * The default order in which deployments are tried: lowest priority value first; within a priority,
 * a weighted random shuffle so traffic spreads by weight. (Routing-strategy plugins replace this.)
 */
import type { DeploymentRoute } from '../state/config-snapshot.ts';

export function orderRoutes(routes: readonly DeploymentRoute[], random: () => number = Math.random): DeploymentRoute[] {
  if (routes.length <= 1) return [...routes];
  const byPriority = new Map<number, DeploymentRoute[]>();
  for (const route of routes) {
    const group = byPriority.get(route.priority);
    if (group) group.push(route);
    else byPriority.set(route.priority, [route]);
  }
  const ordered: DeploymentRoute[] = [];
  for (const priority of [...byPriority.keys()].sort((a, b) => a - b)) {
    ordered.push(...weightedShuffle(byPriority.get(priority)!, random));
  }
  return ordered;
}

function weightedShuffle(routes: DeploymentRoute[], random: () => number): DeploymentRoute[] {
  const remaining = [...routes];
  const out: DeploymentRoute[] = [];
  while (remaining.length > 0) {
    const total = remaining.reduce((sum, route) => sum + Math.max(route.weight, 0), 0);
    let index = 0;
    if (total > 0) {
      let pick = random() * total;
      index = remaining.findIndex((route) => (pick -= Math.max(route.weight, 0)) < 0);
      if (index === -1) index = remaining.length - 1;
    }
    out.push(remaining.splice(index, 1)[0]!);
  }
  return out;
}
