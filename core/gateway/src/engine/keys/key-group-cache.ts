/**
 * Key groups in memory, for the admission on the hot path: there are few groups, so all of them are
 * loaded, and reloaded whole when one changes (on this instance and, through the event bus, on all).
 */
import type { KeyStore } from '../../ports/key-store.ts';
import { limitSettingsOf, type LimitScope } from '../../domain/limit-settings.ts';

export class KeyGroupCache {
  private groups = new Map<string, LimitScope>();

  constructor(private readonly store: Pick<KeyStore, 'groups'>) {}

  async reload(): Promise<void> {
    const records = await this.store.groups();
    this.groups = new Map(records.map((record) => [record.id, { kind: 'group', id: record.id, name: record.name, limits: limitSettingsOf(record) }]));
  }

  get(id: string | null): LimitScope | undefined {
    return id === null ? undefined : this.groups.get(id);
  }
}
