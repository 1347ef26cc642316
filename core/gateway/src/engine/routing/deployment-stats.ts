/**
 * Live statistics per deployment, in memory: a moving average of latency, attempts and failures in a
 * sliding window (kept as ten buckets), and requests in flight. With Redis, other instances' figures
 * (exchanged about once a second) are merged in when strategies read them.
 */
import type { DeploymentStats } from '@conduit/plugin-api';

/** What one instance reports about one deployment. */
export interface SharedDeploymentStats {
  latencyMs?: number;
  requests: number;
  failures: number;
  inFlight: number;
}

export type StatsReport = Record<string, SharedDeploymentStats>;

interface Bucket {
  start: number;
  requests: number;
  failures: number;
}

interface Entry {
  latencyMs: number | undefined;
  inFlight: number;
  buckets: Bucket[];
}

const bucketsPerWindow = 10;
/** Weight of a new latency sample in the moving average. */
const latencyAlpha = 0.3;

export class DeploymentStatsBook {
  private readonly entries = new Map<string, Entry>();
  private remote: StatsReport[] = [];

  constructor(private readonly now: () => number = () => performance.now()) {}

  begin(deploymentId: string): void {
    this.entry(deploymentId).inFlight++;
  }

  end(deploymentId: string): void {
    const entry = this.entry(deploymentId);
    entry.inFlight = Math.max(0, entry.inFlight - 1);
  }

  /** Upstream calls this instance has running, over every deployment. */
  inFlightTotal(): number {
    let total = 0;
    for (const entry of this.entries.values()) total += entry.inFlight;
    return total;
  }

  succeeded(deploymentId: string, latencyMs: number, windowMs: number): void {
    const entry = this.entry(deploymentId);
    entry.latencyMs = entry.latencyMs === undefined ? latencyMs : entry.latencyMs + latencyAlpha * (latencyMs - entry.latencyMs);
    this.bucket(entry, windowMs).requests++;
  }

  failed(deploymentId: string, windowMs: number): void {
    const bucket = this.bucket(this.entry(deploymentId), windowMs);
    bucket.requests++;
    bucket.failures++;
  }

  /** This instance's attempts and failures within the window. */
  window(deploymentId: string, windowMs: number): { requests: number; failures: number } {
    const entry = this.entries.get(deploymentId);
    let requests = 0;
    let failures = 0;
    if (entry) {
      const since = this.now() - windowMs;
      for (const bucket of entry.buckets) {
        if (bucket.start < since) continue;
        requests += bucket.requests;
        failures += bucket.failures;
      }
    }
    return { requests, failures };
  }

  /** What strategies see: this instance's figures merged with the other instances' latest reports. */
  stats(deploymentId: string, windowMs: number, health: DeploymentStats['health']): DeploymentStats {
    const own = this.entries.get(deploymentId);
    let { requests, failures } = this.window(deploymentId, windowMs);
    let inFlight = own?.inFlight ?? 0;
    let latencyWeight = own?.latencyMs === undefined ? 0 : Math.max(requests, 1);
    let latencySum = own?.latencyMs === undefined ? 0 : own.latencyMs * latencyWeight;
    for (const report of this.remote) {
      const shared = report[deploymentId];
      if (!shared) continue;
      requests += shared.requests;
      failures += shared.failures;
      inFlight += shared.inFlight;
      if (shared.latencyMs !== undefined) {
        const weight = Math.max(shared.requests, 1);
        latencySum += shared.latencyMs * weight;
        latencyWeight += weight;
      }
    }
    return {
      latencyMs: latencyWeight > 0 ? latencySum / latencyWeight : undefined,
      errorRate: requests > 0 ? failures / requests : 0,
      requests,
      inFlight,
      health,
    };
  }

  /** This instance's figures, for the other instances. */
  report(windowMs: number): StatsReport {
    const out: StatsReport = {};
    for (const [id, entry] of this.entries) {
      const { requests, failures } = this.window(id, windowMs);
      if (requests === 0 && entry.inFlight === 0 && entry.latencyMs === undefined) continue;
      out[id] = { requests, failures, inFlight: entry.inFlight, ...(entry.latencyMs === undefined ? {} : { latencyMs: entry.latencyMs }) };
    }
    return out;
  }

  setRemote(reports: StatsReport[]): void {
    this.remote = reports;
  }

  /** Forgets deployments that no longer exist. */
  retain(deploymentIds: ReadonlySet<string>): void {
    for (const id of this.entries.keys()) if (!deploymentIds.has(id)) this.entries.delete(id);
  }

  private entry(deploymentId: string): Entry {
    let entry = this.entries.get(deploymentId);
    if (!entry) {
      entry = { latencyMs: undefined, inFlight: 0, buckets: [] };
      this.entries.set(deploymentId, entry);
    }
    return entry;
  }

  private bucket(entry: Entry, windowMs: number): Bucket {
    const now = this.now();
    const width = Math.max(1, windowMs / bucketsPerWindow);
    let last = entry.buckets.at(-1);
    if (!last || now >= last.start + width) {
      last = { start: now, requests: 0, failures: 0 };
      entry.buckets.push(last);
      const since = now - windowMs;
      while (entry.buckets.length > 0 && entry.buckets[0]!.start < since) entry.buckets.shift();
    }
    return last;
  }
}
