/** Deployments grouped under their public model name, names sorted, each group by priority then weight. */
export function groupByModel<T extends { modelName: string; priority: number; weight: number }>(deployments: readonly T[]): Array<{ modelName: string; deployments: T[] }> {
  const groups = new Map<string, T[]>();
  for (const deployment of deployments) {
    const list = groups.get(deployment.modelName) ?? [];
    list.push(deployment);
    groups.set(deployment.modelName, list);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([modelName, list]) => ({ modelName, deployments: list.sort((a, b) => a.priority - b.priority || b.weight - a.weight) }));
}
