/**
 * The router's settings: retries, circuit breaker, health checks, default timeouts, and which routing
 * strategy each model uses. One row; absent until first saved, when the defaults apply.
 */
import { z } from 'zod';
import type { RouterSettingsRecord } from '../infrastructure/database/models/router-settings-model.ts';
import type { ConfigChanges } from '../engine/state/config-changes.ts';
import { defaultRouterSettings, routerSettingsFromRecord, type RouterSettings } from '../engine/routing/router-settings.ts';
import type { StrategySet } from '../engine/routing/strategy-set.ts';
import { InputError } from './input-error.ts';
import { parseInput } from './parse-input.ts';
import type { DatabaseModels } from '../infrastructure/database/models/define-models.ts';

const strategyName = z.string().trim().min(1, 'must not be empty').max(64);
const modelName = z.string().trim().min(1, 'must not be empty').max(255);
const timeoutMs = z.number().int().positive().max(3_600_000);

const updateSchema = z.object({
  defaultStrategy: strategyName.optional(),
  modelStrategies: z.array(z.object({ modelName, strategy: strategyName }).strict()).max(10_000).optional(),
  maxRetries: z.number().int().min(0, 'must be 0 or more').max(10).optional(),
  retryBaseDelayMs: z.number().int().min(1).max(60_000).optional(),
  retryMaxDelayMs: z.number().int().min(1).max(600_000).optional(),
  breakerEnabled: z.boolean().optional(),
  breakerFailureThreshold: z.number().int().min(1).max(10_000).optional(),
  breakerErrorRate: z.number().gt(0, 'must be more than 0').max(1, 'must be at most 1').optional(),
  breakerMinRequests: z.number().int().min(1).max(1_000_000).optional(),
  breakerWindowMs: z.number().int().min(100).max(86_400_000).optional(),
  breakerCooldownMs: z.number().int().min(10).max(86_400_000).optional(),
  healthCheckIntervalMs: z
    .number()
    .int()
    .min(0)
    .max(86_400_000)
    .refine((value) => value === 0 || value >= 50, 'must be 0 (off) or at least 50')
    .optional(),
  healthCheckTimeoutMs: z.number().int().min(10).max(300_000).optional(),
  healthRetentionHours: z.number().int().min(1).max(24 * 366).optional(),
  connectTimeoutMs: timeoutMs.nullable().optional(),
  firstByteTimeoutMs: timeoutMs.nullable().optional(),
  idleTimeoutMs: timeoutMs.nullable().optional(),
});

export type UpdateRouterSettingsInput = z.input<typeof updateSchema>;

export interface RouterSettingsView extends RouterSettings {
  availableStrategies: string[];
  /** Null until first saved. */
  updatedAt: Date | null;
}

const globalId = 'global';

export class RouterSettingsService {
  constructor(
    private readonly models: DatabaseModels,
    private readonly changes: ConfigChanges,
    private readonly strategies: StrategySet,
  ) {}

  async get(): Promise<RouterSettingsView> {
    return this.view(await this.models.RouterSettingsRecord.findByPk(globalId));
  }

  async update(input: UpdateRouterSettingsInput): Promise<RouterSettingsView> {
    const values = parseInput(updateSchema, input);
    if (values.defaultStrategy !== undefined) this.requireStrategy(values.defaultStrategy, 'input.defaultStrategy');
    values.modelStrategies?.forEach((entry, index) => this.requireStrategy(entry.strategy, `input.modelStrategies.${index}.strategy`));

    const existing = await this.models.RouterSettingsRecord.findByPk(globalId);
    const current = routerSettingsFromRecord(existing);
    const next = {
      id: globalId,
      defaultStrategy: values.defaultStrategy ?? current.defaultStrategy,
      modelStrategies: values.modelStrategies
        ? Object.fromEntries(values.modelStrategies.map((entry) => [entry.modelName, entry.strategy]))
        : { ...current.modelStrategies },
      maxRetries: values.maxRetries ?? current.maxRetries,
      retryBaseDelayMs: values.retryBaseDelayMs ?? current.retryBaseDelayMs,
      retryMaxDelayMs: values.retryMaxDelayMs ?? current.retryMaxDelayMs,
      breakerEnabled: values.breakerEnabled ?? current.breakerEnabled,
      breakerFailureThreshold: values.breakerFailureThreshold ?? current.breakerFailureThreshold,
      breakerErrorRate: values.breakerErrorRate ?? current.breakerErrorRate,
      breakerMinRequests: values.breakerMinRequests ?? current.breakerMinRequests,
      breakerWindowMs: values.breakerWindowMs ?? current.breakerWindowMs,
      breakerCooldownMs: values.breakerCooldownMs ?? current.breakerCooldownMs,
      healthCheckIntervalMs: values.healthCheckIntervalMs ?? current.healthCheckIntervalMs,
      healthCheckTimeoutMs: values.healthCheckTimeoutMs ?? current.healthCheckTimeoutMs,
      healthRetentionHours: values.healthRetentionHours ?? current.healthRetentionHours,
      connectTimeoutMs: values.connectTimeoutMs !== undefined ? values.connectTimeoutMs : (current.defaultTimeouts.connectMs ?? null),
      firstByteTimeoutMs: values.firstByteTimeoutMs !== undefined ? values.firstByteTimeoutMs : (current.defaultTimeouts.firstByteMs ?? null),
      idleTimeoutMs: values.idleTimeoutMs !== undefined ? values.idleTimeoutMs : (current.defaultTimeouts.idleMs ?? null),
    };
    if (next.retryBaseDelayMs > next.retryMaxDelayMs) {
      const field = values.retryBaseDelayMs !== undefined ? 'input.retryBaseDelayMs' : 'input.retryMaxDelayMs';
      throw new InputError(field, `the base delay (${next.retryBaseDelayMs} ms) must not exceed the maximum delay (${next.retryMaxDelayMs} ms)`);
    }
    const record = existing ? await existing.update(next) : await this.models.RouterSettingsRecord.create(next);
    await this.changes.committed({ entity: 'routerSettings', id: globalId });
    return this.view(record);
  }

  /** Sets the strategy of one model; null goes back to the default. */
  async setModelStrategy(model: string, strategy: string | null): Promise<RouterSettingsView> {
    const name = parseInput(modelName, model, 'modelName');
    if (strategy !== null) this.requireStrategy(strategy, 'strategy');
    const next = Object.entries((await this.get()).modelStrategies).filter(([each]) => each !== name);
    if (strategy !== null) next.push([name, strategy]);
    return this.update({ modelStrategies: next.map(([each, chosen]) => ({ modelName: each, strategy: chosen })) });
  }

  private requireStrategy(name: string, field: string): void {
    if (!this.strategies.has(name)) {
      throw new InputError(field, `unknown routing strategy '${name}' (loaded: ${this.strategies.names().join(', ')})`);
    }
  }

  private view(record: RouterSettingsRecord | null): RouterSettingsView {
    const settings = record ? routerSettingsFromRecord(record) : defaultRouterSettings;
    return { ...settings, availableStrategies: this.strategies.names(), updatedAt: record?.updatedAt ?? null };
  }
}
