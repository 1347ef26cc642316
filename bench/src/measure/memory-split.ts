/** Where a process's RSS went: the V8 heap (from its /metrics) and the rest. */
import type { GatewayMemory } from './read-gateway-memory.ts';

export interface MemorySample extends GatewayMemory {
  atSeconds: number;
  rssBytes: number;
}
