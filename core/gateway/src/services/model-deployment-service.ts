/** Model deployments: which provider model serves a public model name, with weight, priority and cache TTL. */
import { capabilityNames } from '@conduit/plugin-api';
import { z } from 'zod';
import type { ModelDeploymentRecord } from '../infrastructure/database/models/model-deployment-model.ts';
import type { ConfigChanges } from '../engine/state/config-changes.ts';
import { InputError, NotFoundError } from './input-error.ts';
import { parseInput } from './parse-input.ts';
import type { DatabaseModels } from '../infrastructure/database/models/define-models.ts';

const modelName = z.string().trim().min(1, 'must not be empty').max(255);
const capabilities = z
  .object(Object.fromEntries(capabilityNames.map((name) => [name, z.boolean().optional()])))
  .strict();
const timeoutMs = z.number().int().positive().max(3_600_000);
const timeouts = z.object({ connectMs: timeoutMs.optional(), firstByteMs: timeoutMs.optional(), idleMs: timeoutMs.optional() }).strict();

const voiceName = z.string().trim().min(1, 'must not be empty').max(255);
/** Audio settings of a deployment (see engine/state/deployment-audio-options.ts). */
const options = z
  .object({
    voiceMap: z.record(voiceName, voiceName).refine((map) => Object.keys(map).length <= 500, 'has more than 500 voices').nullish(),
    defaultVoice: voiceName.nullish(),
  })
  .strict();

const createSchema = z.object({
  modelName,
  providerId: z.string().min(1),
  providerModel: modelName,
  weight: z.number().int().min(0, 'must be 0 or more').max(1_000_000).nullish(),
  priority: z.number().int().min(-1_000_000).max(1_000_000).nullish(),
  enabled: z.boolean().nullish(),
  capabilities: capabilities.nullish(),
  timeouts: timeouts.nullish(),
  options: options.nullish(),
  /** How long this deployment's answers stay in the response cache; null or 0: not cached. */
  cacheTtlSeconds: z.number().int().min(0, 'must be 0 or more').max(2_592_000, 'must be at most 30 days (2592000)').nullish(),
});
const updateSchema = createSchema.partial();

export type CreateModelDeploymentInput = z.input<typeof createSchema>;
export type UpdateModelDeploymentInput = z.input<typeof updateSchema>;

export class ModelDeploymentService {
  constructor(
    private readonly models: DatabaseModels,
    private readonly changes: ConfigChanges,
  ) {}

  list(filter: { modelName?: string | null; providerId?: string | null } = {}): Promise<ModelDeploymentRecord[]> {
    const where: Record<string, string> = {};
    if (filter.modelName) where.modelName = filter.modelName;
    if (filter.providerId) where.providerId = filter.providerId;
    return this.models.ModelDeploymentRecord.findAll({ where, order: [['modelName', 'ASC'], ['priority', 'ASC'], ['createdAt', 'ASC']] });
  }

  get(id: string): Promise<ModelDeploymentRecord | null> {
    return this.models.ModelDeploymentRecord.findByPk(id);
  }

  async create(input: CreateModelDeploymentInput): Promise<ModelDeploymentRecord> {
    const values = parseInput(createSchema, input);
    await this.requireProvider(values.providerId);
    const record = await this.models.ModelDeploymentRecord.create({
      modelName: values.modelName,
      providerId: values.providerId,
      providerModel: values.providerModel,
      weight: values.weight ?? 1,
      priority: values.priority ?? 0,
      enabled: values.enabled ?? true,
      capabilities: values.capabilities ?? null,
      timeouts: values.timeouts ?? null,
      options: values.options ? withoutEmpty(values.options) : null,
      cacheTtlSeconds: values.cacheTtlSeconds || null,
    });
    await this.changes.committed({ entity: 'deployment', id: record.id });
    return record;
  }

  async update(id: string, input: UpdateModelDeploymentInput): Promise<ModelDeploymentRecord> {
    const values = parseInput(updateSchema, input);
    const record = await this.models.ModelDeploymentRecord.findByPk(id);
    if (!record) throw new NotFoundError('ModelDeployment', id);
    if (values.providerId != null) {
      await this.requireProvider(values.providerId);
      record.providerId = values.providerId;
    }
    if (values.modelName != null) record.modelName = values.modelName;
    if (values.providerModel != null) record.providerModel = values.providerModel;
    if (values.weight != null) record.weight = values.weight;
    if (values.priority != null) record.priority = values.priority;
    if (values.enabled != null) record.enabled = values.enabled;
    if (values.capabilities !== undefined) record.capabilities = values.capabilities;
    if (values.timeouts !== undefined) record.timeouts = values.timeouts;
    if (values.options !== undefined) record.options = values.options ? withoutEmpty(values.options) : null;
    if (values.cacheTtlSeconds !== undefined) record.cacheTtlSeconds = values.cacheTtlSeconds || null;
    await record.save();
    await this.changes.committed({ entity: 'deployment', id });
    return record;
  }

  async delete(id: string): Promise<boolean> {
    const deleted = await this.models.ModelDeploymentRecord.destroy({ where: { id } });
    if (deleted === 0) throw new NotFoundError('ModelDeployment', id);
    await this.changes.committed({ entity: 'deployment', id });
    return true;
  }

  private async requireProvider(id: string): Promise<void> {
    if (!(await this.models.ProviderRecord.findByPk(id))) throw new InputError('input.providerId', `no provider with id '${id}'`);
  }
}

function withoutEmpty(values: Record<string, unknown>): Record<string, unknown> | null {
  const kept = Object.fromEntries(Object.entries(values).filter(([, value]) => value != null));
  return Object.keys(kept).length > 0 ? kept : null;
}
