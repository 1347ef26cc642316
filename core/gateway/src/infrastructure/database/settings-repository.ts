/**
 * Named settings stored as JSON in `global_settings`, each parsed with its own schema on read so a
 * hand-edited or outdated value falls back to the default instead of breaking the gateway.
 */
import type { z } from 'zod';
import type { SettingStore } from '../../ports/setting-store.ts';
import type { DatabaseModels } from './models/define-models.ts';

export class SettingsRepository implements SettingStore {
  constructor(private readonly models: DatabaseModels) {}

  async read<S extends z.ZodType>(key: string, schema: S, fallback: z.infer<S>): Promise<z.infer<S>> {
    const record = await this.models.GlobalSettingRecord.findByPk(key);
    if (!record?.value) return fallback;
    try {
      const parsed = schema.safeParse(JSON.parse(record.value));
      return parsed.success ? (parsed.data as z.infer<S>) : fallback;
    } catch {
      return fallback;
    }
  }

  async write(key: string, value: unknown): Promise<void> {
    await this.models.GlobalSettingRecord.upsert({ key, value: JSON.stringify(value), updatedAt: new Date() });
  }
}
