/**
 * Named settings stored as JSON in `global_settings`, each parsed with its own schema on read so a
 * hand-edited or outdated value falls back to the default instead of breaking the gateway.
 */
import type { z } from 'zod';
import type { SettingStore } from '../../ports/setting-store.ts';
import { GlobalSettingRecord } from './models/global-setting-model.ts';

export class SettingsRepository implements SettingStore {
  async read<S extends z.ZodType>(key: string, schema: S, fallback: z.infer<S>): Promise<z.infer<S>> {
    const record = await GlobalSettingRecord.findByPk(key);
    if (!record?.value) return fallback;
    try {
      const parsed = schema.safeParse(JSON.parse(record.value));
      return parsed.success ? (parsed.data as z.infer<S>) : fallback;
    } catch {
      return fallback;
    }
  }

  async write(key: string, value: unknown): Promise<void> {
    await GlobalSettingRecord.upsert({ key, value: JSON.stringify(value), updatedAt: new Date() });
  }
}
