/** How long and how wide the realtime bench runs in each mode. */
import type { BenchMode } from '../bench-profiles.ts';

export interface RealtimeBenchProfile {
  sessions: number;
  /** The measured run through the gateway. */
  gatewaySeconds: number;
  /** The same load straight to the upstream, alone: how the upstream and the load generator do without the gateway. */
  directSeconds: number;
  /**
   * Sessions straight to the upstream during the gateway run, from the same load generator: the
   * reference the gateway's added latency is taken against (same window, same noise).
   */
  controlSessions: number;
  /** Through the gateway before measuring (JIT, pools). */
  warmupSeconds: number;
  /** How often the gateway's RSS is read. */
  rssEverySeconds: number;
  /** How often the gateway's /metrics is read for its V8 heap figures (see memory-split.ts). */
  memoryEverySeconds: number;
  /** The window whose lowest RSS sample is its floor and whose median is the level the verdict fits (see rssTrend). */
  rssFloorWindowSeconds: number;
  /** Growth of RSS (MB per minute) still called flat: the medians' slope plus twice its error must stay within it. */
  rssFlatToleranceMbPerMinute: number;
}

export const realtimeBenchProfiles: Record<BenchMode, RealtimeBenchProfile> = {
  full: { sessions: 200, gatewaySeconds: 300, directSeconds: 60, controlSessions: 40, warmupSeconds: 10, rssEverySeconds: 1, memoryEverySeconds: 5, rssFloorWindowSeconds: 30, rssFlatToleranceMbPerMinute: 1 },
  quick: { sessions: 200, gatewaySeconds: 30, directSeconds: 15, controlSessions: 40, warmupSeconds: 5, rssEverySeconds: 1, memoryEverySeconds: 5, rssFloorWindowSeconds: 5, rssFlatToleranceMbPerMinute: 1 },
  smoke: { sessions: 10, gatewaySeconds: 3, directSeconds: 2, controlSessions: 3, warmupSeconds: 1, rssEverySeconds: 1, memoryEverySeconds: 1, rssFloorWindowSeconds: 1, rssFlatToleranceMbPerMinute: 1 },
};
