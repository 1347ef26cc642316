/**
 * Active health checks: every `healthCheckIntervalMs` each provider that serves a deployment gets one
 * cheap probe (see probe-provider.ts). Results go to the health board (read by the router), feed the
 * circuit breakers, are stored as ProviderHealth rows in batches, and changes of status are published
 * as events. With several instances, a Redis lock per provider and period lets one instance probe.
 *
 * A provider's first probe comes one interval after it is first seen, or at the next round (within a
 * second) when one of its deployments' breakers opens. Timers are unref'd so they never keep the
 * process alive, and `stop` aborts probes in flight.
 *
 * Providers that opt in (the `audioHealthCheck` provider option) also get audio checks with their
 * audio plugin (probe-audio.ts): the first one interval after they are first seen, then every
 * `everyMinutes` (they cost money). Their findings are stored in the same history, each row naming
 * its probe, but do not steer routing: a failing synthesis says nothing about the chat models.
 */
import { randomUUID } from 'node:crypto';
import type { EventBus, ProviderHealthChangedEvent } from '../../ports/event-bus.ts';
import type { HealthHistory } from '../../ports/health-history.ts';
import type { Logger } from '../../ports/logger.ts';
import type { CircuitBreakers } from '../routing/circuit-breaker.ts';
import type { Routing } from '../routing/routing.ts';
import type { RouterSettings } from '../routing/router-settings.ts';
import type { RouterSync } from '../routing/router-sync.ts';
import type { ConfigSnapshot, ProviderInstance } from '../state/config-snapshot.ts';
import type { ConfigState } from '../state/config-state.ts';
import { onProviderHealthChanged, publishProviderHealthChanged } from './health-events.ts';
import { defaultAudioHealthCheckMinutes, type AudioHealthCheckOption } from '../plugins/gateway-provider-options.ts';
import { probeAudio, type AudioHealthTarget, type AudioProbeName } from './probe-audio.ts';
import { probeProvider } from './probe-provider.ts';
import type { HealthResult, ProviderHealthBoard, ProviderHealthState } from './provider-health-board.ts';

export interface HealthCheckerOptions {
  config: ConfigState;
  board: ProviderHealthBoard;
  /** Where findings are stored. */
  history: HealthHistory;
  breakers: CircuitBreakers;
  sync: RouterSync;
  events: EventBus;
  logger: Logger;
  /** Where breakers opening are announced: their provider is checked at the next round. */
  onBreakerOpened?: Routing['onBreakerOpened'];
}

/** A probe's finding: up or down (a provider that offers no probe leaves no row). */
type Finding = HealthResult & { status: 'up' | 'down'; probe?: AudioProbeName };

interface Checked {
  provider: ProviderInstance;
  deploymentIds: string[];
}

/** The longest the checker sleeps, so a changed interval applies within this time. */
const maxWakeMs = 1_000;
const pruneEveryMs = 10 * 60_000;

export class HealthChecker {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly firstSeen = new Map<string, number>();
  private readonly lastProbe = new Map<string, number>();
  private readonly probing = new Set<string>();
  private readonly audioFirstSeen = new Map<string, number>();
  private readonly audioLastProbe = new Map<string, number>();
  private readonly running = new Set<Promise<void>>();
  private readonly controller = new AbortController();
  private rows: Finding[] = [];
  private lastPruneAt = Date.now();
  private stopEvents: (() => Promise<void>) | undefined;

  constructor(private readonly options: HealthCheckerOptions) {}

  start(): void {
    this.options.onBreakerOpened?.((deploymentId) => {
      for (const [id, checked] of this.checkedProviders(this.options.config.current)) {
        if (checked.deploymentIds.includes(deploymentId)) this.lastProbe.set(id, Number.NEGATIVE_INFINITY);
      }
    });
    this.stopEvents = onProviderHealthChanged(this.options.events, (event) => {
      if (event.origin !== this.options.sync.instanceId) this.applyRemote(event);
    });
    this.schedule();
  }

  /**
   * Probes one provider now, whatever the interval, and stores its findings; resolves with its state
   * (undefined: not configured). The probes can take up to the health-check timeout: `waitOutside`
   * runs them (an admin mutation runs them outside its transaction, so only storing the findings
   * joins it and no writer waits on the provider).
   */
  async checkNow(providerId: string, waitOutside: <T>(work: () => Promise<T>) => Promise<T> = (work) => work()): Promise<ProviderHealthState | undefined> {
    const snapshot = this.options.config.current;
    const provider = snapshot.providers.find((each) => each.id === providerId);
    const checked = this.checkedProviders(snapshot).get(providerId) ?? (provider ? { provider, deploymentIds: [] } : undefined);
    if (!checked) return undefined;
    const settings = this.options.config.current.router.settings;
    const audio = provider ? audioTargetOf(snapshot, provider) : undefined;
    const findings: Finding[] = [];
    await waitOutside(() =>
      Promise.all([this.check(checked, settings, false, findings), provider && audio ? this.checkAudio(provider, audio, settings, false, findings) : undefined]),
    );
    await this.store(findings);
    return this.options.board.get(providerId);
  }

  /** Deletes stored checks older than the retention period; returns how many. */
  async prune(now: number = Date.now()): Promise<number> {
    const hours = this.options.config.current.router.settings.healthRetentionHours;
    this.lastPruneAt = now;
    return this.options.history.pruneBefore(new Date(now - hours * 3_600_000));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.controller.abort();
    await Promise.allSettled([...this.running]);
    await this.stopEvents?.();
    await this.flush();
  }

  private schedule(): void {
    if (this.stopped) return;
    const interval = this.options.config.current.router.settings.healthCheckIntervalMs;
    const wait = interval > 0 ? Math.min(interval, maxWakeMs) : maxWakeMs;
    this.timer = setTimeout(() => void this.tick(), wait).unref();
  }

  private async tick(): Promise<void> {
    try {
      const snapshot = this.options.config.current;
      const settings = snapshot.router.settings;
      const providers = this.checkedProviders(snapshot);
      // Findings stay visible (with their date) while checks are off; they only steer routing while on.
      this.options.board.retain(new Set(snapshot.providers.map((provider) => provider.id)));
      for (const id of this.firstSeen.keys()) if (!providers.has(id)) this.firstSeen.delete(id);
      if (settings.healthCheckIntervalMs > 0) {
        const now = Date.now();
        for (const [id, checked] of providers) {
          if (!this.firstSeen.has(id)) this.firstSeen.set(id, now);
          const since = this.lastProbe.get(id) ?? this.firstSeen.get(id)!;
          if (this.probing.has(id) || now - since < settings.healthCheckIntervalMs) continue;
          this.lastProbe.set(id, now);
          this.track(this.check(checked, settings, true));
        }
        this.scheduleAudio(snapshot, settings, now);
      }
      await this.flush();
      if (Date.now() - this.lastPruneAt >= pruneEveryMs) await this.prune();
    } catch (error) {
      this.options.logger.error({ err: error }, 'health check round failed');
    } finally {
      this.schedule();
    }
  }

  /** Probes the provider; its finding goes to `findings` (by default the batch the next round stores). */
  private async check(checked: Checked, settings: RouterSettings, lock: boolean, findings: Finding[] = this.rows): Promise<void> {
    const id = checked.provider.id;
    if (this.probing.has(id) || this.stopped) return;
    this.probing.add(id);
    try {
      if (lock && !(await this.options.sync.tryLock(`health:${id}`, settings.healthCheckIntervalMs * 0.8))) return;
      const outcome = await probeProvider(checked.provider.client, {
        timeoutMs: settings.healthCheckTimeoutMs,
        signal: this.controller.signal,
        requestId: `health-${randomUUID()}`,
      });
      if (this.controller.signal.aborted) return;
      if (!outcome) {
        this.options.board.record({ providerId: id, status: 'unknown', outage: false, latencyMs: undefined, error: undefined, checkedAt: new Date() });
        return;
      }
      const result = { providerId: id, ...outcome, checkedAt: new Date() };
      findings.push(result);
      this.apply(result, checked.deploymentIds, settings);
    } finally {
      this.probing.delete(id);
    }
  }

  /** Starts the audio checks that are due; forgets providers no longer opted in. */
  private scheduleAudio(snapshot: ConfigSnapshot, settings: RouterSettings, now: number): void {
    const optedIn = new Set<string>();
    for (const provider of snapshot.providers) {
      const audio = audioTargetOf(snapshot, provider);
      if (!audio) continue;
      optedIn.add(provider.id);
      if (!this.audioFirstSeen.has(provider.id)) this.audioFirstSeen.set(provider.id, now);
      const last = this.audioLastProbe.get(provider.id);
      const due = last === undefined ? now - this.audioFirstSeen.get(provider.id)! >= settings.healthCheckIntervalMs : now - last >= audioIntervalMs(settings, audio.check);
      if (!due || this.probing.has(`audio:${provider.id}`)) continue;
      this.audioLastProbe.set(provider.id, now);
      this.track(this.checkAudio(provider, audio, settings, true));
    }
    for (const id of this.audioFirstSeen.keys()) {
      if (optedIn.has(id)) continue;
      this.audioFirstSeen.delete(id);
      this.audioLastProbe.delete(id);
    }
  }

  private async checkAudio(
    provider: ProviderInstance,
    audio: AudioHealthTarget,
    settings: RouterSettings,
    lock: boolean,
    findings: Finding[] = this.rows,
  ): Promise<void> {
    const key = `audio:${provider.id}`;
    if (this.probing.has(key) || this.stopped) return;
    this.probing.add(key);
    try {
      if (lock && !(await this.options.sync.tryLock(`health-audio:${provider.id}`, audioIntervalMs(settings, audio.check) * 0.8))) return;
      const outcomes = await probeAudio(audio, {
        timeoutMs: settings.healthCheckTimeoutMs,
        signal: this.controller.signal,
        requestId: `health-${randomUUID()}`,
      });
      if (this.controller.signal.aborted) return;
      const checkedAt = new Date();
      for (const outcome of outcomes) {
        findings.push({ providerId: provider.id, ...outcome, checkedAt });
        const fields = { provider: provider.name, providerId: provider.id, probe: outcome.probe, latencyMs: outcome.latencyMs, error: outcome.error };
        if (outcome.status === 'down') this.options.logger.warn(fields, 'provider audio health check failed');
        else this.options.logger.debug(fields, 'provider audio health check passed');
      }
    } finally {
      this.probing.delete(key);
    }
  }

  private apply(result: Finding, deploymentIds: readonly string[], settings: RouterSettings): void {
    const { breakers, board, logger } = this.options;
    const { changed, previous } = board.record(result);
    if (result.outage) for (const id of deploymentIds) breakers.forceOpen(id, settings);
    else if (changed) for (const id of deploymentIds) breakers.allowProbeNow(id);
    if (!changed) return;
    const name = this.options.config.current.providers.find((provider) => provider.id === result.providerId)?.name;
    const fields = { provider: name, providerId: result.providerId, status: result.status, previous, error: result.error };
    if (result.status === 'down') logger.warn(fields, 'provider health check failed');
    else logger.info(fields, 'provider health check passed');
    publishProviderHealthChanged(this.options.events, {
      providerId: result.providerId,
      status: result.status,
      previous,
      outage: result.outage,
      latencyMs: result.latencyMs ?? null,
      error: result.error ?? null,
      checkedAt: result.checkedAt.toISOString(),
      origin: this.options.sync.instanceId,
    });
  }

  /** Another instance checked: take its finding; the breakers it opened arrive through the router sync. */
  private applyRemote(event: ProviderHealthChangedEvent): void {
    const { changed } = this.options.board.record({
      providerId: event.providerId,
      status: event.status,
      outage: event.outage,
      latencyMs: event.latencyMs ?? undefined,
      error: event.error ?? undefined,
      checkedAt: new Date(event.checkedAt),
    });
    if (!changed || event.outage) return;
    const checked = this.checkedProviders(this.options.config.current).get(event.providerId);
    for (const id of checked?.deploymentIds ?? []) this.options.breakers.allowProbeNow(id);
  }

  private async flush(): Promise<void> {
    const rows = this.rows;
    this.rows = [];
    await this.store(rows);
  }

  private async store(findings: readonly Finding[]): Promise<void> {
    if (findings.length === 0) return;
    await this.options.history.append(
      findings.map((result) => ({
        providerId: result.providerId,
        status: result.status,
        latencyMs: result.latencyMs ?? null,
        error: result.error ?? null,
        checkedAt: result.checkedAt,
        probe: result.probe ?? null,
      })),
    );
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => this.options.logger.error({ err: error }, 'health check failed to run'));
    this.running.add(tracked);
    void tracked.finally(() => this.running.delete(tracked));
  }

  /** Providers that serve at least one deployment, with those deployments. */
  private checkedProviders(snapshot: ConfigSnapshot): Map<string, Checked> {
    const out = new Map<string, Checked>();
    for (const name of snapshot.modelNames()) {
      for (const route of snapshot.routesFor(name)) {
        const entry = out.get(route.provider.id);
        if (entry) entry.deploymentIds.push(route.id);
        else out.set(route.provider.id, { provider: route.provider, deploymentIds: [route.id] });
      }
    }
    return out;
  }
}

/** How often a provider's audio checks run: its `everyMinutes`, never more often than the health checks. */
function audioIntervalMs(settings: RouterSettings, check: AudioHealthCheckOption): number {
  return Math.max(settings.healthCheckIntervalMs, (check.everyMinutes ?? defaultAudioHealthCheckMinutes) * 60_000);
}

/** The provider's audio checks, when it opted in and its type has an audio plugin. */
function audioTargetOf(snapshot: ConfigSnapshot, provider: ProviderInstance): AudioHealthTarget | undefined {
  if (!provider.audio || !provider.audioHealthCheck) return undefined;
  const capabilities = snapshot.providerEntries.get(provider.id)?.audioCapabilities ?? (() => ({}));
  return { client: provider.audio, capabilities, check: provider.audioHealthCheck };
}
