/**
 * Applies a configuration change everywhere: on this instance before the admin call returns (so the
 * next request sees it), and on every other instance through the event bus.
 */
import { randomUUID } from 'node:crypto';
import type { VirtualKeyCache } from '../keys/virtual-key-cache.ts';
import type { ConfigState } from '../state/config-state.ts';
import type { ConfigChangedEvent, EventBus } from './event-bus.ts';

export class ConfigChanges {
  readonly instanceId = randomUUID();
  private readonly unsubscribe: () => void;

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

  private async apply(event: ConfigChangedEvent): Promise<void> {
    if (event.entity === 'virtualKey') this.keys.invalidate(event.id);
    else await this.config.reload();
  }

  close(): void {
    this.unsubscribe();
  }
}
