/** Whether a key may use a model: exact names, or prefixes ending in `*`; no list allows everything. */
export type ModelMatcher = (model: string) => boolean;

export function allowedModelsMatcher(patterns: readonly string[] | null | undefined): ModelMatcher {
  if (!patterns) return () => true;
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const pattern of patterns) {
    if (pattern.endsWith('*')) prefixes.push(pattern.slice(0, -1));
    else exact.add(pattern);
  }
  return (model) => exact.has(model) || prefixes.some((prefix) => model.startsWith(prefix));
}
