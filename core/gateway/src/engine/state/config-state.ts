/**
 * Holds the current ConfigSnapshot and swaps in a new one when configuration changes. Reloads are
 * coalesced: a burst of changes costs one or two rebuilds, never one per change, and each rebuild
 * reads only what the entities changed since the last one feed.
 *
 * A provider client the new snapshot no longer uses (its provider was edited, disabled or deleted)
 * is closed once the calls and streams it serves have ended, so a configuration change never cuts
 * a live stream.
 */
import type { Logger } from '../../ports/logger.ts';
import type { ConfigEntity } from '../../ports/event-bus.ts';
import { buildConfigSnapshot, snapshotEntities, type ConfigSnapshot, type SnapshotDependencies } from './config-snapshot.ts';

/** A replaced client whose stream never ends (an iterator abandoned without return()) is closed after this. */
const maxCloseWaitMs = 60 * 60_000;

export class ConfigState {
  private snapshot: ConfigSnapshot;
  private reloading: Promise<void> | undefined;
  /** Entities changed since the rebuild in progress started; `all` forces a full rebuild. */
  private pending = new Set<ConfigEntity>();
  private pendingAll = false;

  private constructor(
    initial: ConfigSnapshot,
    private readonly dependencies: SnapshotDependencies,
    private readonly logger: Logger,
  ) {
    this.snapshot = initial;
  }

  static async create(dependencies: SnapshotDependencies): Promise<ConfigState> {
    return new ConfigState(await buildConfigSnapshot(dependencies), dependencies, dependencies.logger);
  }

  get current(): ConfigSnapshot {
    return this.snapshot;
  }

  /**
   * Rebuilds the parts of the snapshot fed by `entity` (everything when omitted); resolves once a
   * snapshot read after this call is in place. Entities the snapshot is not built from do nothing.
   */
  reload(entity?: ConfigEntity): Promise<void> {
    if (entity === undefined) this.pendingAll = true;
    else if (snapshotEntities.includes(entity)) this.pending.add(entity);
    else return this.reloading ?? Promise.resolve();
    if (this.reloading) return this.reloading;
    this.reloading = (async () => {
      while (this.pendingAll || this.pending.size > 0) {
        const changed = this.pendingAll ? undefined : this.pending;
        this.pending = new Set();
        this.pendingAll = false;
        try {
          const previous = this.snapshot;
          const next = await buildConfigSnapshot(this.dependencies, previous, changed);
          this.snapshot = next;
          void previous.closeReplaced(next, maxCloseWaitMs);
        } catch (error) {
          this.logger.error({ err: error }, 'configuration reload failed; keeping the previous configuration');
        }
      }
    })().finally(() => {
      this.reloading = undefined;
    });
    return this.reloading;
  }

  async close(): Promise<void> {
    await this.reloading;
    await this.snapshot.close();
  }
}
