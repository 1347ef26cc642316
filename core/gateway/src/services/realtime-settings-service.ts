/**
 * The realtime settings (domain/realtime-settings.ts): read from `global_settings` at start and after
 * every change on any instance, held here for the realtime endpoint to read without a query.
 */
import { z } from 'zod';
import { defaultRealtimeSettings, type RealtimeSettings } from '../domain/realtime-settings.ts';
import type { ConfigChanges } from '../engine/state/config-changes.ts';
import { readSetting, writeSetting } from '../infrastructure/database/setting-values.ts';
import { parseInput } from './parse-input.ts';

const settingKey = 'realtime';
const wholeNumber = 'must be a whole number';

const storedSchema = z.object({
  defaultMaxRealtimeSessions: z.number().int().min(0).max(100_000),
  maxRealtimeSessionsTotal: z.number().int().min(0).max(10_000_000).nullable(),
  idleTimeoutSeconds: z.number().int().min(1).max(86_400),
  maxSessionSeconds: z.number().int().min(1).max(604_800),
});

const updateSchema = z.object({
  defaultMaxRealtimeSessions: z.number().int(wholeNumber).min(0, 'must not be negative').max(100_000, 'must be at most 100000').nullish(),
  /** null lifts the cap; absent leaves it. */
  maxRealtimeSessionsTotal: z.number().int(wholeNumber).min(0, 'must not be negative').max(10_000_000, 'must be at most 10000000').nullish(),
  idleTimeoutSeconds: z.number().int(wholeNumber).min(1, 'must be at least 1 second').max(86_400, 'must be at most a day').nullish(),
  maxSessionSeconds: z.number().int(wholeNumber).min(1, 'must be at least 1 second').max(604_800, 'must be at most a week').nullish(),
});

export class RealtimeSettingsService {
  private value: RealtimeSettings = defaultRealtimeSettings;

  constructor(private readonly changes: ConfigChanges) {}

  /** The settings as last read; `reload` once before serving. */
  get(): RealtimeSettings {
    return this.value;
  }

  async reload(): Promise<void> {
    this.value = await readSetting(settingKey, storedSchema, defaultRealtimeSettings);
  }

  async update(input: z.input<typeof updateSchema>): Promise<RealtimeSettings> {
    const values = parseInput(updateSchema, input);
    const next: RealtimeSettings = {
      defaultMaxRealtimeSessions: values.defaultMaxRealtimeSessions ?? this.value.defaultMaxRealtimeSessions,
      maxRealtimeSessionsTotal: 'maxRealtimeSessionsTotal' in input ? (values.maxRealtimeSessionsTotal ?? null) : this.value.maxRealtimeSessionsTotal,
      idleTimeoutSeconds: values.idleTimeoutSeconds ?? this.value.idleTimeoutSeconds,
      maxSessionSeconds: values.maxSessionSeconds ?? this.value.maxSessionSeconds,
    };
    await writeSetting(settingKey, next);
    this.value = next;
    await this.changes.committed({ entity: 'realtimeSettings' });
    return next;
  }
}
