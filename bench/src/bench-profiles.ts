/** How long and how often each mode measures. `full` is the published run; `smoke` is for the test. */
export type BenchMode = 'full' | 'quick' | 'smoke';

export interface BenchProfile {
  mode: BenchMode;
  /** Interleaved rounds; figures are medians over them. */
  rounds: number;
  /** Length of one fixed-concurrency run (c=50), seconds (wrk rounds it to whole seconds). */
  loadSeconds: number;
  /** Warm-up per candidate before the rounds, seconds (non-stream and stream each). */
  warmupSeconds: number;
  connections: number;
  /** Requests per candidate per round in the one-at-a-time probes. */
  sequentialRequests: number;
  sequentialStreamRequests: number;
  sequentialWarmup: number;
  /** Concurrent paced streams to try, in order; a candidate stops at its first failure. */
  streamLevels: number[];
  /** Try a failed level once more before it counts (the machine may be shared and noisy). */
  retryStreamLevel: boolean;
  /** When to read the gateway's RSS under steady load, seconds from the start of the soak. */
  soakMarksSeconds: [number, number];
  /** Paced streams kept open during the soak, beside the c=50 non-stream load. */
  soakStreams: number;
  /** Pause after each run before reading CPU, so batched work (request-log flushes) is counted. */
  settleMs: number;
}

export const benchProfiles: Record<BenchMode, BenchProfile> = {
  full: {
    mode: 'full',
    rounds: 5,
    loadSeconds: 5,
    warmupSeconds: 3,
    connections: 50,
    sequentialRequests: 2000,
    sequentialStreamRequests: 500,
    sequentialWarmup: 200,
    streamLevels: [64, 128, 256, 512, 1024],
    retryStreamLevel: true,
    soakMarksSeconds: [60, 300],
    soakStreams: 64,
    settleMs: 600,
  },
  quick: {
    mode: 'quick',
    rounds: 2,
    loadSeconds: 1,
    warmupSeconds: 1,
    connections: 50,
    sequentialRequests: 300,
    sequentialStreamRequests: 100,
    sequentialWarmup: 50,
    streamLevels: [64, 256],
    retryStreamLevel: false,
    soakMarksSeconds: [2, 4],
    soakStreams: 16,
    settleMs: 100,
  },
  smoke: {
    mode: 'smoke',
    rounds: 1,
    loadSeconds: 0.5,
    warmupSeconds: 0,
    connections: 50,
    sequentialRequests: 20,
    sequentialStreamRequests: 5,
    sequentialWarmup: 5,
    streamLevels: [4],
    retryStreamLevel: false,
    soakMarksSeconds: [1, 2],
    soakStreams: 2,
    settleMs: 50,
  },
};
