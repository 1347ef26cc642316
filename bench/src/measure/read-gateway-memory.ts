/**
 * The gateway's memory as its own /metrics tells it (prom-client's process defaults, prefixed
 * `conduit_`): the V8 heap it has committed and what of it is used, the old generation, external
 * memory, and how many major collections have run. Beside /proc's RSS this splits a growth between
 * the V8 heap (committed pages, live objects) and memory outside it (malloc, socket and Buffer
 * memory, code), which RSS alone cannot tell apart.
 */

export interface GatewayMemory {
  heapTotalBytes: number;
  heapUsedBytes: number;
  externalBytes: number;
  oldSpaceUsedBytes: number;
  oldSpaceSizeBytes: number;
  /** Major (mark-compact) collections so far. */
  majorGcs: number;
}

const wanted: Record<string, keyof GatewayMemory> = {
  conduit_nodejs_heap_size_total_bytes: 'heapTotalBytes',
  conduit_nodejs_heap_size_used_bytes: 'heapUsedBytes',
  conduit_nodejs_external_memory_bytes: 'externalBytes',
  'conduit_nodejs_heap_space_size_used_bytes{space="old"}': 'oldSpaceUsedBytes',
  'conduit_nodejs_heap_space_size_total_bytes{space="old"}': 'oldSpaceSizeBytes',
  'conduit_nodejs_gc_duration_seconds_count{kind="major"}': 'majorGcs',
};

/** The figures from a Prometheus text exposition; undefined when one of them is missing. */
export function parseGatewayMemory(text: string): GatewayMemory | undefined {
  const found: Partial<GatewayMemory> = {};
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    if (space < 0) continue;
    const field = wanted[line.slice(0, space)];
    if (field) found[field] = Number(line.slice(space + 1));
  }
  // Before the first major collection prom-client has no sample of that kind: none have run.
  found.majorGcs ??= 0;
  const complete = Object.values(wanted).every((field) => Number.isFinite(found[field]));
  return complete ? (found as GatewayMemory) : undefined;
}

/** One reading of `origin`/metrics; undefined when it cannot be read (the run goes on without it). */
export async function readGatewayMemory(origin: string, token?: string): Promise<GatewayMemory | undefined> {
  try {
    const response = await fetch(`${origin}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(5000) });
    const text = await response.text();
    return response.ok ? parseGatewayMemory(text) : undefined;
  } catch {
    return undefined;
  }
}
