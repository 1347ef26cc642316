/**
 * A circuit breaker per deployment. Closed: requests flow. It opens after `breakerFailureThreshold`
 * consecutive failures, or when the window's error rate reaches `breakerErrorRate` over at least
 * `breakerMinRequests` attempts. Open: the deployment is skipped until the cool-down ends; then one
 * request is let through (half-open) — success closes the breaker, failure opens it again.
 *
 * Active health checks feed it: a provider found down opens its deployments' breakers at once, and
 * `probeAllowed` can hold a breaker open past its cool-down — with health checks on, until a check
 * since the opening passed — so a dead deployment gets health probes and no client request.
 * Found up again, its deployments may take their half-open request at once.
 *
 * Times are epoch milliseconds so that open states can be shared with other instances.
 */
import type { RouterSettings } from './router-settings.ts';
import type { DeploymentStatsBook } from './deployment-stats.ts';

export type BreakerState = 'closed' | 'open' | 'half-open';

/** A change other instances should apply too. */
export interface BreakerTransition {
  deploymentId: string;
  state: 'open' | 'closed';
  /** When an open breaker may let a probe through (epoch ms). */
  retryAt?: number;
}

export interface BreakerView {
  state: BreakerState;
  consecutiveFailures: number;
  /** Epoch ms; set while open. */
  retryAt: number | undefined;
}

interface Entry {
  state: BreakerState;
  consecutiveFailures: number;
  openedAt: number;
  retryAt: number;
  /** A half-open request is in flight. */
  probing: boolean;
}

export type BreakerSettings = Pick<
  RouterSettings,
  'breakerEnabled' | 'breakerFailureThreshold' | 'breakerErrorRate' | 'breakerMinRequests' | 'breakerWindowMs' | 'breakerCooldownMs'
>;

/** The deployment and the provider it belongs to. */
export interface BreakerTarget {
  id: string;
  provider: { id: string };
}

export interface CircuitBreakersOptions {
  stats: DeploymentStatsBook;
  now?: () => number;
  /** Whether an open breaker whose cool-down is over may let a probe request through (default: yes). */
  probeAllowed?: (providerId: string, openedAt: number) => boolean;
  /** Called for transitions made here (not for ones applied from other instances). */
  onTransition?: (transition: BreakerTransition) => void;
}

export class CircuitBreakers {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;

  constructor(private readonly options: CircuitBreakersOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Whether the deployment may be tried now. Call right before trying it: it hands out the half-open slot. */
  tryEnter(target: BreakerTarget, settings: BreakerSettings): boolean {
    if (!settings.breakerEnabled) return true;
    const entry = this.entries.get(target.id);
    if (!entry || entry.state === 'closed') return true;
    if (entry.state === 'open') {
      if (this.now() < entry.retryAt) return false;
      if (this.options.probeAllowed && !this.options.probeAllowed(target.provider.id, entry.openedAt)) return false;
      entry.state = 'half-open';
      entry.probing = false;
    }
    if (entry.probing) return false;
    entry.probing = true;
    return true;
  }

  succeeded(target: BreakerTarget): void {
    const entry = this.entries.get(target.id);
    if (!entry) return;
    if (entry.state === 'half-open') {
      this.entries.delete(target.id);
      this.options.onTransition?.({ deploymentId: target.id, state: 'closed' });
    } else if (entry.state === 'closed') {
      this.entries.delete(target.id);
    }
  }

  failed(target: BreakerTarget, settings: BreakerSettings): void {
    if (!settings.breakerEnabled) return;
    const entry = this.entry(target.id);
    entry.consecutiveFailures++;
    if (entry.state === 'half-open') {
      this.open(target.id, entry, settings);
      return;
    }
    if (entry.state !== 'closed') return;
    const window = this.options.stats.window(target.id, settings.breakerWindowMs);
    const tooMany = entry.consecutiveFailures >= settings.breakerFailureThreshold;
    const tooOften = window.requests >= settings.breakerMinRequests && window.failures / window.requests >= settings.breakerErrorRate;
    if (tooMany || tooOften) this.open(target.id, entry, settings);
  }

  /** The attempt ended without saying anything about the deployment's health (an abort, a 400…). */
  released(target: BreakerTarget): void {
    const entry = this.entries.get(target.id);
    if (entry?.state === 'half-open') entry.probing = false;
  }

  /** The provider's health check failed: skip this deployment until it passes again. */
  forceOpen(deploymentId: string, settings: BreakerSettings): void {
    if (!settings.breakerEnabled) return;
    const entry = this.entry(deploymentId);
    if (entry.state === 'open') return;
    this.open(deploymentId, entry, settings);
  }

  /** The provider's health check passed again: an open breaker may take its half-open request now. */
  allowProbeNow(deploymentId: string): void {
    const entry = this.entries.get(deploymentId);
    if (entry?.state === 'open') entry.retryAt = Math.min(entry.retryAt, this.now());
  }

  /** Applies a transition made by another instance. */
  apply(transition: BreakerTransition): void {
    if (transition.state === 'closed') {
      this.entries.delete(transition.deploymentId);
      return;
    }
    const entry = this.entry(transition.deploymentId);
    const retryAt = transition.retryAt ?? this.now();
    if (entry.state === 'open' && entry.retryAt >= retryAt) return;
    if (entry.state !== 'open') entry.openedAt = this.now();
    entry.state = 'open';
    entry.probing = false;
    entry.retryAt = retryAt;
  }

  view(deploymentId: string): BreakerView {
    const entry = this.entries.get(deploymentId);
    if (!entry) return { state: 'closed', consecutiveFailures: 0, retryAt: undefined };
    return {
      state: entry.state,
      consecutiveFailures: entry.consecutiveFailures,
      retryAt: entry.state === 'open' ? entry.retryAt : undefined,
    };
  }

  /** Forgets deployments that no longer exist. */
  retain(deploymentIds: ReadonlySet<string>): void {
    for (const id of this.entries.keys()) if (!deploymentIds.has(id)) this.entries.delete(id);
  }

  private open(deploymentId: string, entry: Entry, settings: BreakerSettings): void {
    entry.state = 'open';
    entry.probing = false;
    entry.openedAt = this.now();
    entry.retryAt = entry.openedAt + settings.breakerCooldownMs;
    this.options.onTransition?.({ deploymentId, state: 'open', retryAt: entry.retryAt });
  }

  private entry(deploymentId: string): Entry {
    let entry = this.entries.get(deploymentId);
    if (!entry) {
      entry = { state: 'closed', consecutiveFailures: 0, openedAt: 0, retryAt: 0, probing: false };
      this.entries.set(deploymentId, entry);
    }
    return entry;
  }
}
