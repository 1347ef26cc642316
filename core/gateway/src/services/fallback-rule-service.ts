/**
 * Fallback rules: when every deployment of a model fails, its fallback models are tried in order (and
 * theirs after them). Rules may point back into a chain (A -> B, B -> A); the router tries each model
 * once. A model cannot fall back to itself, and has at most one rule.
 */
import { UniqueConstraintError } from 'sequelize';
import { z } from 'zod';
import type { FallbackRuleRecord } from '../infrastructure/database/models/fallback-rule-model.ts';
import type { ConfigChanges } from '../engine/state/config-changes.ts';
import { maxFallbackChainModels, resolveFallbackChain } from '../engine/routing/fallback-chain.ts';
import type { ConfigState } from '../engine/state/config-state.ts';
import { InputError, NotFoundError } from './input-error.ts';
import { parseInput } from './parse-input.ts';
import type { DatabaseModels } from '../infrastructure/database/models/define-models.ts';

const modelName = z.string().trim().min(1, 'must not be empty').max(255);
const fallbacks = z
  .array(modelName)
  .min(1, 'must name at least one model')
  .max(maxFallbackChainModels - 1, `must name at most ${maxFallbackChainModels - 1} models`)
  .refine((list) => new Set(list).size === list.length, 'must not name a model twice');

const createSchema = z.object({ modelName, fallbacks });
const updateSchema = createSchema.partial();

export type CreateFallbackRuleInput = z.input<typeof createSchema>;
export type UpdateFallbackRuleInput = z.input<typeof updateSchema>;

export class FallbackRuleService {
  constructor(
    private readonly models: DatabaseModels,
    private readonly changes: ConfigChanges,
    private readonly config: ConfigState,
  ) {}

  list(): Promise<FallbackRuleRecord[]> {
    return this.models.FallbackRuleRecord.findAll({ order: [['modelName', 'ASC']] });
  }

  get(id: string): Promise<FallbackRuleRecord | null> {
    return this.models.FallbackRuleRecord.findByPk(id);
  }

  async create(input: CreateFallbackRuleInput): Promise<FallbackRuleRecord> {
    const values = parseInput(createSchema, input);
    this.refuseSelf(values.modelName, values.fallbacks);
    const record = await this.save(() => this.models.FallbackRuleRecord.create({ modelName: values.modelName, fallbacks: values.fallbacks }));
    await this.changes.committed({ entity: 'fallbackRule', id: record.id });
    return record;
  }

  async update(id: string, input: UpdateFallbackRuleInput): Promise<FallbackRuleRecord> {
    const values = parseInput(updateSchema, input);
    const record = await this.models.FallbackRuleRecord.findByPk(id);
    if (!record) throw new NotFoundError('FallbackRule', id);
    this.refuseSelf(values.modelName ?? record.modelName, values.fallbacks ?? record.fallbacks);
    if (values.modelName !== undefined) record.modelName = values.modelName;
    if (values.fallbacks !== undefined) record.fallbacks = values.fallbacks;
    await this.save(() => record.save());
    await this.changes.committed({ entity: 'fallbackRule', id });
    return record;
  }

  async delete(id: string): Promise<boolean> {
    const deleted = await this.models.FallbackRuleRecord.destroy({ where: { id } });
    if (deleted === 0) throw new NotFoundError('FallbackRule', id);
    await this.changes.committed({ entity: 'fallbackRule', id });
    return true;
  }

  /** The models a request for `modelName` may be served by, in the order they are tried. */
  chain(modelName: string): string[] {
    return resolveFallbackChain(this.config.current.router.fallbacks, modelName).models;
  }

  private refuseSelf(model: string, list: readonly string[]): void {
    const index = list.indexOf(model);
    if (index !== -1) throw new InputError(`input.fallbacks.${index}`, 'a model cannot fall back to itself');
  }

  private async save<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (error instanceof UniqueConstraintError) throw new InputError('input.modelName', 'this model already has a fallback rule; update it instead');
      throw error;
    }
  }
}
