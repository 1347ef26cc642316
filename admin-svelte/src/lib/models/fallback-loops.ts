/**
 * Which fallback rules lead back to a model already in their chain. The router cuts such loops
 * (its `chain` stops before the repeat); the UI flags them so an admin sees the rule is not what it
 * says.
 */
export interface FallbackRuleLike {
  modelName: string;
  fallbacks: readonly string[];
}

/** For each model with a rule: the first model its fallbacks reach twice, if any. */
export function fallbackLoops(rules: readonly FallbackRuleLike[]): Map<string, string> {
  const next = new Map(rules.map((rule) => [rule.modelName, rule.fallbacks]));
  const loops = new Map<string, string>();
  for (const rule of rules) {
    const seen = new Set<string>([rule.modelName]);
    const queue = [...rule.fallbacks];
    while (queue.length) {
      const model = queue.shift()!;
      if (seen.has(model)) {
        loops.set(rule.modelName, model);
        break;
      }
      seen.add(model);
      queue.push(...(next.get(model) ?? []));
    }
  }
  return loops;
}

/** `a, b ,, c` → ['a', 'b', 'c']. */
export function parseModelList(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((entry) => entry.trim())
    .filter(Boolean);
}
