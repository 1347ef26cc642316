/** Gateway-wide settings of the admission, kept in `global_settings` and cached here. */
import { z } from 'zod';
import type { SettingStore } from '../../ports/setting-store.ts';
import { unpricedModelPolicies } from './unpriced-policy.ts';

export const limitDefaultsSchema = z.object({
  /** Output tokens reserved for a request without max_tokens whose model has no known output limit. */
  defaultMaxOutputTokens: z.number().int().min(1).max(10_000_000),
  /** Whether a model without a price may serve requests (see unpriced-policy.ts). */
  unpricedModels: z.enum(unpricedModelPolicies).default('REFUSE_FOR_BUDGETED_KEYS'),
  /** Prompt tokens reserved against budgets for each image part. */
  reservedTokensPerImage: z.number().int().min(0).max(1_000_000).default(1600),
  /** Prompt tokens reserved against budgets for each second of input audio. */
  reservedTokensPerAudioSecond: z.number().int().min(0).max(100_000).default(700),
});

export type LimitDefaults = z.infer<typeof limitDefaultsSchema>;

const settingKey = 'limits';
const fallback: LimitDefaults = {
  defaultMaxOutputTokens: 4096,
  unpricedModels: 'REFUSE_FOR_BUDGETED_KEYS',
  reservedTokensPerImage: 1600,
  reservedTokensPerAudioSecond: 700,
};

export class LimitDefaultsState {
  private value: LimitDefaults = fallback;

  constructor(private readonly settings: SettingStore) {}

  get current(): LimitDefaults {
    return this.value;
  }

  async reload(): Promise<void> {
    this.value = await this.settings.read(settingKey, limitDefaultsSchema, fallback);
  }

  async save(value: LimitDefaults): Promise<void> {
    await this.settings.write(settingKey, value);
    this.value = value;
  }
}
