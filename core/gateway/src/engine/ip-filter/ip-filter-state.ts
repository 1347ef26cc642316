/**
 * IP rules and trusted proxies in memory for the hot path, reloaded whole when an IP filter or the
 * trusted proxies change (here and, through the event bus, on every instance).
 */
import { z } from 'zod';
import type { IpRuleStore } from '../../ports/ip-rule-store.ts';
import type { SettingStore } from '../../ports/setting-store.ts';
import { noIpRules, type IpRules } from './ip-access-policy.ts';
import { parseCidr, type IpRange } from './parse-cidr.ts';
import { defaultAuthFailureSettings } from '../auth-failures/auth-failure-guard.ts';

export const ipFilterSettingsSchema = z.object({
  trustedProxies: z.array(z.string()),
  // Stored before these settings existed: the defaults apply.
  authFailureLimit: z.number().int().positive().nullable().default(defaultAuthFailureSettings.authFailureLimit),
  authFailureWindowSeconds: z.number().int().positive().default(defaultAuthFailureSettings.authFailureWindowSeconds),
  authBanSeconds: z.number().int().positive().default(defaultAuthFailureSettings.authBanSeconds),
});
export type IpFilterSettings = z.infer<typeof ipFilterSettingsSchema>;

const settingKey = 'ipFilter';
const defaults: IpFilterSettings = { trustedProxies: [], ...defaultAuthFailureSettings };

export class IpFilterState {
  private globalRules: IpRules = noIpRules;
  private keyRules = new Map<string, IpRules>();
  private proxies: IpRange[] = [];
  private settingsValue: IpFilterSettings = defaults;

  constructor(
    private readonly rules: IpRuleStore,
    private readonly settingStore: SettingStore,
  ) {}

  get global(): IpRules {
    return this.globalRules;
  }

  get trustedProxies(): readonly IpRange[] {
    return this.proxies;
  }

  get settings(): IpFilterSettings {
    return this.settingsValue;
  }

  forKey(id: string): IpRules {
    return this.keyRules.get(id) ?? noIpRules;
  }

  async reload(): Promise<void> {
    const [records, settings] = await Promise.all([
      this.rules.enabledRules(),
      this.settingStore.read(settingKey, ipFilterSettingsSchema, defaults),
    ]);
    const global: { allow: IpRange[]; deny: IpRange[] } = { allow: [], deny: [] };
    const byKey = new Map<string, { allow: IpRange[]; deny: IpRange[] }>();
    for (const record of records) {
      const parsed = parseCidr(record.cidr);
      if (!parsed) continue;
      let rules = global;
      if (record.virtualKeyId) {
        rules = byKey.get(record.virtualKeyId) ?? { allow: [], deny: [] };
        byKey.set(record.virtualKeyId, rules);
      }
      (record.action === 'DENY' ? rules.deny : rules.allow).push(parsed.range);
    }
    this.globalRules = global;
    this.keyRules = byKey;
    this.settingsValue = settings;
    this.proxies = settings.trustedProxies.flatMap((cidr): IpRange[] => {
      const parsed = parseCidr(cidr);
      return parsed ? [parsed.range] : [];
    });
  }

  async saveSettings(settings: IpFilterSettings): Promise<void> {
    await this.settingStore.write(settingKey, settings);
  }
}
