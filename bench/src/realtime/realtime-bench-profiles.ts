/** How long and how wide the realtime bench runs in each mode. */
import type { BenchMode } from '../bench-profiles.ts';

export interface RealtimeBenchProfile {
  sessions: number;
  /** The measured run through the gateway. */
  gatewaySeconds: number;
  /** The same load straight to the upstream: the reference the gateway's added latency is taken against. */
  directSeconds: number;
  /** Through the gateway before measuring (JIT, pools). */
  warmupSeconds: number;
  /** How often the gateway's RSS is read. */
  rssEverySeconds: number;
}

export const realtimeBenchProfiles: Record<BenchMode, RealtimeBenchProfile> = {
  full: { sessions: 200, gatewaySeconds: 300, directSeconds: 60, warmupSeconds: 10, rssEverySeconds: 10 },
  quick: { sessions: 200, gatewaySeconds: 30, directSeconds: 15, warmupSeconds: 5, rssEverySeconds: 5 },
  smoke: { sessions: 10, gatewaySeconds: 3, directSeconds: 2, warmupSeconds: 1, rssEverySeconds: 1 },
};
