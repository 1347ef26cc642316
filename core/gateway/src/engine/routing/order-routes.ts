/**
 * The order used when the configured routing strategy is not loaded (or fails): lowest priority value
 * first; within a priority, a weighted random shuffle so traffic spreads by weight. It is what the
 * `weighted` strategy plugin does, kept in the core so routing never depends on plugins.json.
 */
export interface Orderable {
  priority: number;
  weight: number;
}

export function orderRoutes<R extends Orderable>(routes: readonly R[], random: () => number = Math.random): R[] {
  if (routes.length <= 1) return [...routes];
  const byPriority = new Map<number, R[]>();
  for (const route of routes) {
    const group = byPriority.get(route.priority);
    if (group) group.push(route);
    else byPriority.set(route.priority, [route]);
  }
  const ordered: R[] = [];
  for (const priority of [...byPriority.keys()].sort((a, b) => a - b)) {
    ordered.push(...weightedShuffle(byPriority.get(priority)!, random));
  }
  return ordered;
}

function weightedShuffle<R extends Orderable>(routes: R[], random: () => number): R[] {
  const remaining = [...routes];
  const out: R[] = [];
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
