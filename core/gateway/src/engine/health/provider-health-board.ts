/**
 * The current health of each provider, in memory: what the latest active check found. The router
 * reads it on the hot path (strategies see it; a provider found down keeps its breakers open), the
 * health checker writes it, and other instances' findings arrive as events.
 */
export type HealthStatus = 'up' | 'down' | 'unknown';

export interface ProviderHealthState {
  providerId: string;
  status: HealthStatus;
  /** Down in a way that means it cannot serve; see ProbeOutcome. Only an outage keeps breakers open. */
  outage: boolean;
  latencyMs: number | undefined;
  error: string | undefined;
  checkedAt: Date;
  /** When the status last changed. */
  since: Date;
}

export interface HealthResult {
  providerId: string;
  /** `unknown`: the provider offers no probe. */
  status: HealthStatus;
  outage: boolean;
  latencyMs: number | undefined;
  error: string | undefined;
  checkedAt: Date;
}

export class ProviderHealthBoard {
  private readonly states = new Map<string, ProviderHealthState>();

  status(providerId: string): HealthStatus {
    return this.states.get(providerId)?.status ?? 'unknown';
  }

  get(providerId: string): ProviderHealthState | undefined {
    return this.states.get(providerId);
  }

  all(): ProviderHealthState[] {
    return [...this.states.values()];
  }

  /** Records a check; says whether the status (or whether it is an outage) changed, and from what. */
  record(result: HealthResult): { changed: boolean; previous: HealthStatus } {
    const current = this.states.get(result.providerId);
    const previous = current?.status ?? 'unknown';
    const changed = previous !== result.status || (current?.outage ?? false) !== result.outage;
    if (current && !changed && current.checkedAt > result.checkedAt) return { changed, previous };
    this.states.set(result.providerId, {
      ...result,
      since: changed || !current ? result.checkedAt : current.since,
    });
    return { changed, previous };
  }

  /** Forgets providers that are gone or no longer checked. */
  retain(providerIds: ReadonlySet<string>): void {
    for (const id of this.states.keys()) if (!providerIds.has(id)) this.states.delete(id);
  }
}
