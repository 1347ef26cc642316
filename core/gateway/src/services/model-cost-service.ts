/** Prices per model name or prefix (`gpt-4o*`). */
import { UniqueConstraintError } from 'sequelize';
import { z } from 'zod';
import type { ModelCostRecord } from '../infrastructure/database/models/model-cost-model.ts';
import type { ConfigChanges } from '../engine/state/config-changes.ts';
import { InputError, NotFoundError } from './input-error.ts';
import { parseInput } from './parse-input.ts';
import { optionalPriceFields } from '../ports/config-source.ts';
import type { DatabaseModels } from '../infrastructure/database/models/define-models.ts';

const price = z.number().min(0, 'must not be negative').max(100_000_000).nullish();
/** Input and output are what every token-billed request is charged: never assumed free when left out. */
const requiredPrice = z.number({ message: 'is required (USD per million tokens; write 0 for a free model)' }).min(0, 'must not be negative').max(100_000_000);

/**
 * Prices the gateway stores but does not charge yet (no endpoint bills batches, and no provider's
 * usage reaches the gateway with cached audio tokens apart): refused, so that nobody believes a price
 * is applied that is not. Each is accepted again when what charges it is wired.
 */
export const unchargedPriceFields = ['cachedAudioInputPerMillion', 'batchMultiplier'] as const;
const uncharged = z
  .null({ message: 'is not charged by the gateway yet (no endpoint bills it), so it cannot be set; leave it empty' })
  .optional();

export const createModelCostSchema = z.object({
  model: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(255)
    .refine((value) => !value.slice(0, -1).includes('*'), "'*' may only end a prefix"),
  inputPerMillion: requiredPrice,
  outputPerMillion: requiredPrice,
  cachedInputPerMillion: price,
  cacheWritePerMillion: price,
  cacheWrite1hPerMillion: price,
  perImage: price,
  audioInputPerMinute: price,
  audioOutputPerMinute: price,
  speechPerMillionCharacters: price,
  audioInputPerMillion: price,
  audioOutputPerMillion: price,
  cachedAudioInputPerMillion: uncharged,
  sessionPerMinute: price,
  batchMultiplier: uncharged,
  maxOutputTokens: z.number().int('must be a whole number').min(1, 'must be at least 1').max(10_000_000).nullish(),
});
const updateSchema = createModelCostSchema.partial();

/** What callers may send: the schema decides what is accepted (a missing price, an uncharged one). */
type LooseFields = { [K in (typeof unchargedPriceFields)[number] | 'inputPerMillion' | 'outputPerMillion' | 'audioInputPerMillion' | 'audioOutputPerMillion' | 'cachedAudioInputPerMillion' | 'sessionPerMinute']?: number | null };
export type CreateModelCostInput = Omit<z.input<typeof createModelCostSchema>, keyof LooseFields> & LooseFields;
export type UpdateModelCostInput = Omit<z.input<typeof updateSchema>, keyof LooseFields> & LooseFields;

const nullablePrices = [...optionalPriceFields, 'maxOutputTokens'] as const;

export class ModelCostService {
  constructor(
    private readonly models: DatabaseModels,
    private readonly changes: ConfigChanges,
  ) {}

  list(): Promise<ModelCostRecord[]> {
    return this.models.ModelCostRecord.findAll({ order: [['model', 'ASC']] });
  }

  get(id: string): Promise<ModelCostRecord | null> {
    return this.models.ModelCostRecord.findByPk(id);
  }

  async create(input: CreateModelCostInput): Promise<ModelCostRecord> {
    const values = parseInput(createModelCostSchema, input);
    const record = await this.save(() =>
      this.models.ModelCostRecord.create({
        model: values.model,
        inputPerMillion: values.inputPerMillion,
        outputPerMillion: values.outputPerMillion,
        ...Object.fromEntries(nullablePrices.map((name) => [name, values[name] ?? null])),
      }),
    );
    await this.changes.committed({ entity: 'cost', id: record.id });
    return record;
  }

  async update(id: string, input: UpdateModelCostInput): Promise<ModelCostRecord> {
    const values = parseInput(updateSchema, input);
    const record = await this.models.ModelCostRecord.findByPk(id);
    if (!record) throw new NotFoundError('ModelCost', id);
    if (values.model != null) record.model = values.model;
    if (values.inputPerMillion != null) record.inputPerMillion = values.inputPerMillion;
    if (values.outputPerMillion != null) record.outputPerMillion = values.outputPerMillion;
    for (const name of nullablePrices) if (values[name] !== undefined) record[name] = values[name];
    await this.save(() => record.save());
    await this.changes.committed({ entity: 'cost', id });
    return record;
  }

  async delete(id: string): Promise<boolean> {
    const deleted = await this.models.ModelCostRecord.destroy({ where: { id } });
    if (deleted === 0) throw new NotFoundError('ModelCost', id);
    await this.changes.committed({ entity: 'cost', id });
    return true;
  }

  private async save<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (error instanceof UniqueConstraintError) throw new InputError('input.model', 'a price for this model already exists');
      throw error;
    }
  }
}
