/**
 * The models a request may be served by: the requested one, then its fallbacks, then theirs, breadth
 * first (a model's own rule comes before the rules of its fallbacks). A model already in the chain is
 * not added again, so rules that loop back (A -> B -> A) end instead of going round forever.
 */
export const maxFallbackChainModels = 10;

export interface FallbackChain {
  /** The requested model first. */
  models: string[];
  /** Edges `from -> to` that pointed back into the chain and were not followed. */
  loopsBack: string[];
}

export function resolveFallbackChain(
  rules: ReadonlyMap<string, readonly string[]>,
  modelName: string,
  limit: number = maxFallbackChainModels,
): FallbackChain {
  const models = [modelName];
  const seen = new Set(models);
  const loopsBack: string[] = [];
  for (let index = 0; index < models.length; index++) {
    const from = models[index]!;
    for (const to of rules.get(from) ?? []) {
      if (seen.has(to)) {
        loopsBack.push(`${from} -> ${to}`);
        continue;
      }
      if (models.length >= limit) return { models, loopsBack };
      seen.add(to);
      models.push(to);
    }
  }
  return { models, loopsBack };
}
