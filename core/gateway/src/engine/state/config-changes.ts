/**
 * Applies a configuration change everywhere: on this instance before the admin call returns (so the
 * next request sees it), and on every other instance through the event bus.
 */
import { randomUUID } from 'node:crypto';
import type { VirtualKeyCache } from '../keys/virtual-key-cache.ts';
import type { ConfigState } from './config-state.ts';
import type { ConfigChangedEvent, ConfigEntity, EventBus } from '../../ports/event-bus.ts';

type Applier = (event: ConfigChangedEvent) => Promise<void> | void;

export class ConfigChanges {
  readonly instanceId = randomUUID();
  private readonly unsubscribe: () => void;
  /** Caches outside the snapshot, by the entities whose changes they apply (instead of a snapshot reload). */
  private readonly appliers = new Map<ConfigEntity, Applier[]>();

  constructor(
    private readonly events: EventBus,
    private readonly config: ConfigState,
    private readonly keys: VirtualKeyCache,
  ) {
    this.unsubscribe = events.onConfigChanged((event) => {
      if (event.origin !== this.instanceId) void this.apply(event);
    });
  }

  /** Call after the database write committed. */
  async committed(event: Omit<ConfigChangedEvent, 'origin'>): Promise<void> {
    await this.apply(event);
    this.events.publishConfigChanged({ ...event, origin: this.instanceId });
  }

  /** Registers how changes of `entities` are applied; such changes no longer reload the snapshot. */
  onChange(entities: readonly ConfigEntity[], applier: Applier): void {
    for (const entity of entities) this.appliers.set(entity, [...(this.appliers.get(entity) ?? []), applier]);
  }

  private async apply(event: ConfigChangedEvent): Promise<void> {
    const appliers = this.appliers.get(event.entity);
    if (event.entity === 'virtualKey') this.keys.invalidate(event.id);
    else if (!appliers) await this.config.reload();
    for (const applier of appliers ?? []) await applier(event);
  }

  close(): void {
    this.unsubscribe();
  }
}
