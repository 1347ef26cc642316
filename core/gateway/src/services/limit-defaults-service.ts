/** Gateway-wide admission settings (the output reserved for requests without max_tokens). */
import { z } from 'zod';
import type { ConfigChanges } from '../engine/state/config-changes.ts';
import type { LimitDefaults, LimitDefaultsState } from '../engine/limits/limit-defaults.ts';
import { parseInput } from './parse-input.ts';

const updateSchema = z.object({
  defaultMaxOutputTokens: z.number().int('must be a whole number').min(1, 'must be at least 1').max(10_000_000).nullish(),
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
    await this.state.save({ ...this.state.current, ...(values.defaultMaxOutputTokens != null ? { defaultMaxOutputTokens: values.defaultMaxOutputTokens } : {}) });
    await this.changes.committed({ entity: 'limitSettings' });
    return this.state.current;
  }
}
