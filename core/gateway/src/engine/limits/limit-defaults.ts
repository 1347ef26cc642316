/** Gateway-wide settings of the admission, kept in `global_settings` and cached here. */
import { z } from 'zod';
import { readSetting, writeSetting } from '../../infrastructure/database/setting-values.ts';

export const limitDefaultsSchema = z.object({
  /** Output tokens reserved for a request without max_tokens whose model has no known output limit. */
  defaultMaxOutputTokens: z.number().int().min(1).max(10_000_000),
});

export type LimitDefaults = z.infer<typeof limitDefaultsSchema>;

const settingKey = 'limits';
const fallback: LimitDefaults = { defaultMaxOutputTokens: 4096 };

export class LimitDefaultsState {
  private value: LimitDefaults = fallback;

  get current(): LimitDefaults {
    return this.value;
  }

  async reload(): Promise<void> {
    this.value = await readSetting(settingKey, limitDefaultsSchema, fallback);
  }

  async save(value: LimitDefaults): Promise<void> {
    await writeSetting(settingKey, value);
    this.value = value;
  }
}
