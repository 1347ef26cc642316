/** Gateway-wide admission settings: the output reserved for requests without max_tokens, the media allowances, the unpriced-model policy, realtime session limits. */
import { z } from 'zod';
import type { ConfigChanges } from '../engine/state/config-changes.ts';
import type { LimitDefaults, LimitDefaultsState } from '../engine/limits/limit-defaults.ts';
import { unpricedModelPolicies } from '../engine/limits/unpriced-policy.ts';
import { parseInput } from './parse-input.ts';

const updateSchema = z.object({
  defaultMaxOutputTokens: z.number().int('must be a whole number').min(1, 'must be at least 1').max(10_000_000).nullish(),
  unpricedModels: z.enum(unpricedModelPolicies, { message: `must be one of ${unpricedModelPolicies.join(', ')}` }).nullish(),
  reservedTokensPerImage: z.number().int('must be a whole number').min(0, 'must not be negative').max(1_000_000).nullish(),
  reservedTokensPerAudioSecond: z.number().int('must be a whole number').min(0, 'must not be negative').max(100_000).nullish(),
  defaultMaxRealtimeSessions: z.number().int('must be a whole number').min(0, 'must not be negative').max(100_000).nullish(),
  maxRealtimeSessions: z.number().int('must be a whole number').min(0, 'must not be negative').max(1_000_000).nullish(),
  realtimeIdleTimeoutSeconds: z.number().int('must be a whole number').min(1, 'must be at least 1').max(86_400).nullish(),
  realtimeMaxSessionSeconds: z.number().int('must be a whole number').min(1, 'must be at least 1').max(86_400).nullish(),
  realtimeBillingSliceSeconds: z.number().int('must be a whole number').min(1, 'must be at least 1').max(3600).nullish(),
  realtimeMaxEventBytes: z.number().int('must be a whole number').min(1024, 'must be at least 1024').max(32 * 1024 * 1024).nullish(),
});

export class LimitDefaultsService {
  constructor(
    private readonly changes: ConfigChanges,
    private readonly state: LimitDefaultsState,
  ) {}

  get(): LimitDefaults {
    return this.state.current;
  }

  async update(input: z.input<typeof updateSchema>): Promise<LimitDefaults> {
    const values = parseInput(updateSchema, input);
    const changed = Object.fromEntries(Object.entries(values).filter(([, value]) => value != null)) as Partial<LimitDefaults>;
    await this.state.save({ ...this.state.current, ...changed });
    await this.changes.committed({ entity: 'limitSettings' });
    return this.state.current;
  }
}
