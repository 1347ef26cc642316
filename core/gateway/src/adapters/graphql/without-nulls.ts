/**
 * GraphQL lets a client send `null` for any optional input field. Where null means nothing (a name,
 * a flag), it is dropped; the fields named in `keep` treat null as "clear this value".
 */
export function withoutNulls<T extends object>(input: T, keep: readonly string[] = []): { [K in keyof T]?: Exclude<T[K], null> } {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (value === null && !keep.includes(name)) continue;
    out[name] = value;
  }
  return out as { [K in keyof T]?: Exclude<T[K], null> };
}
