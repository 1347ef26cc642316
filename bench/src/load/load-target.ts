/** Where a load generator sends its requests. */
export interface LoadTarget {
  /** e.g. http://127.0.0.1:1234 */
  origin: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** What a fixed-concurrency run measured. Latencies in milliseconds. */
export interface LoadResult {
  tool: 'wrk' | 'autocannon';
  connections: number;
  seconds: number;
  /** Successful (2xx) responses. */
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Non-2xx answers, socket errors and timeouts. */
  errors: number;
}
