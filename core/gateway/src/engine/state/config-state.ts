/**
 * Holds the current ConfigSnapshot and swaps in a new one when configuration changes. Reloads are
 * coalesced: a burst of changes costs one or two rebuilds, never one per change.
 */
import type { Logger } from '../../ports/logger.ts';
import { buildConfigSnapshot, type ConfigSnapshot, type SnapshotDependencies } from './config-snapshot.ts';

export class ConfigState {
  private snapshot: ConfigSnapshot;
  private reloading: Promise<void> | undefined;
  private reloadAgain = false;

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

  /** Rebuilds the snapshot; resolves once a snapshot taken after this call is in place. */
  reload(): Promise<void> {
    if (this.reloading) {
      this.reloadAgain = true;
      return this.reloading;
    }
    this.reloading = (async () => {
      do {
        this.reloadAgain = false;
        try {
          const next = await buildConfigSnapshot(this.dependencies);
          const previous = this.snapshot;
          this.snapshot = next;
          // In-flight requests may still hold the old clients; give them time before closing.
          setTimeout(() => void previous.close(), 60_000).unref();
        } catch (error) {
          this.logger.error({ err: error }, 'configuration reload failed; keeping the previous configuration');
        }
      } while (this.reloadAgain);
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
