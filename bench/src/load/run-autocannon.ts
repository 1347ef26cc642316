/** A fixed-concurrency run with autocannon (as a library). Its latencies are whole milliseconds. */
import autocannon from 'autocannon';
import type { LoadResult, LoadTarget } from './load-target.ts';

export async function runAutocannon(target: LoadTarget, connections: number, seconds: number): Promise<LoadResult> {
  const result = await autocannon({
    url: `${target.origin}${target.path}`,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...target.headers },
    body: target.body,
    pipelining: 1,
    timeout: 30,
  });
  const elapsed = result.duration > 0 ? result.duration : seconds;
  return {
    tool: 'autocannon',
    connections,
    seconds: elapsed,
    requests: result['2xx'],
    requestsPerSecond: result['2xx'] / elapsed,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}
