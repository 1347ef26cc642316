/**
 * Applies a configuration change everywhere: on this instance before the admin call returns (so the
 * next request sees it), and on every other instance through the event bus.
 *
 * Events can be lost (Redis pub/sub delivers at most once: a subscriber reconnecting, a Redis
 * restart), so every committed change also bumps its entity's version in the database, and each
 * instance compares those versions with the ones it applied every `checkIntervalMs`: a change whose
 * event never arrived is applied at the next check, for that entity only.
 */
import { randomUUID } from 'node:crypto';
import type { VirtualKeyCache } from '../keys/virtual-key-cache.ts';
import type { ConfigState } from './config-state.ts';
import type { ConfigChangedEvent, ConfigEntity, EventBus } from '../../ports/event-bus.ts';
import type { ConfigVersions } from '../../ports/config-versions.ts';
import type { Logger } from '../../ports/logger.ts';
import type { CommitScope } from '../../ports/commit-scope.ts';

type Applier = (event: ConfigChangedEvent) => Promise<void> | void;

export interface VersionCheckOptions {
  versions: ConfigVersions;
  /** The versions read before the configuration this instance holds was loaded. */
  initial: ReadonlyMap<ConfigEntity, string>;
  checkIntervalMs: number;
  logger: Logger;
}

export class ConfigChanges {
  readonly instanceId = randomUUID();
  private readonly unsubscribe: () => void;
  /** Caches outside the snapshot, by the entities whose changes they apply (instead of a snapshot reload). */
  private readonly appliers = new Map<ConfigEntity, Applier[]>();
  /** The version of each entity this instance has applied. */
  private readonly applied: Map<ConfigEntity, string>;
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly events: EventBus,
    private readonly config: ConfigState,
    private readonly keys: VirtualKeyCache,
    private readonly versionCheck?: VersionCheckOptions,
    /** The admin mutation's transaction: other instances hear of a change made in one once it committed. */
    private readonly scope?: CommitScope,
  ) {
    this.applied = new Map(versionCheck?.initial);
    this.unsubscribe = events.onConfigChanged((event) => {
      if (event.origin !== this.instanceId) void this.apply(event);
    });
    // A change committed between loading the configuration and the subscription taking hold sent its
    // event to nobody here: compare versions once events flow, not only at the first interval.
    void events.configChangesArrive().then(() => (this.closed ? undefined : this.checkVersions()));
    this.scheduleCheck();
  }

  /**
   * Call after the database write. This instance applies the change at once (inside an admin
   * mutation's transaction its reads see the uncommitted change), so the next request sees it. Other
   * instances hear of it only once the transaction committed; if it rolls back, this instance applies
   * the entity again from what is stored, undoing the change in memory. Once committed, it is applied
   * again: whatever read it outside the transaction meanwhile saw the old rows (a request caching a
   * key; a reload already running, which the in-transaction reload joined), and must not keep them.
   */
  async committed(event: Omit<ConfigChangedEvent, 'origin'>): Promise<void> {
    await this.apply(event);
    const afterCommit = async () => {
      await this.apply(event);
      await this.announce(event);
    };
    if (this.scope?.whenSettled(afterCommit, () => this.apply(event))) return;
    await this.announce(event);
  }

  private async announce(event: Omit<ConfigChangedEvent, 'origin'>): Promise<void> {
    if (this.versionCheck) {
      try {
        this.applied.set(event.entity, await this.versionCheck.versions.bump(event.entity));
      } catch (error) {
        // The change itself committed; other instances still get the event, and the next change's bump.
        this.versionCheck.logger.error({ err: error, entity: event.entity }, 'recording the configuration version failed');
      }
    }
    this.events.publishConfigChanged({ ...event, origin: this.instanceId });
  }

  /** Registers how changes of `entities` are applied; such changes no longer reload the snapshot. */
  onChange(entities: readonly ConfigEntity[], applier: Applier): void {
    for (const entity of entities) this.appliers.set(entity, [...(this.appliers.get(entity) ?? []), applier]);
  }

  /** Applies every change whose version differs from the one this instance applied; resolves when done. */
  checkVersions(): Promise<void> {
    if (!this.versionCheck) return Promise.resolve();
    this.checking ??= this.compareVersions(this.versionCheck).finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  private async compareVersions({ versions, logger }: VersionCheckOptions): Promise<void> {
    let current: ReadonlyMap<ConfigEntity, string>;
    try {
      current = await versions.read();
    } catch (error) {
      logger.warn({ err: error }, 'reading configuration versions failed');
      return;
    }
    for (const [entity, version] of current) {
      if (this.applied.get(entity) === version) continue;
      logger.info({ entity }, 'configuration changed elsewhere without an event reaching this instance; applying it');
      await this.apply({ entity });
      this.applied.set(entity, version);
    }
  }

  private scheduleCheck(): void {
    if (!this.versionCheck || this.closed) return;
    this.timer = setTimeout(() => {
      void this.checkVersions().finally(() => this.scheduleCheck());
    }, this.versionCheck.checkIntervalMs);
    this.timer.unref();
  }

  private async apply(event: ConfigChangedEvent): Promise<void> {
    const appliers = this.appliers.get(event.entity);
    if (event.entity === 'virtualKey') this.keys.invalidate(event.id);
    else if (!appliers) await this.config.reload(event.entity);
    for (const applier of appliers ?? []) await applier(event);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.unsubscribe();
  }
}
