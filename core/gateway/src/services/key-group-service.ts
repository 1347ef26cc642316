/** Key groups (teams): a budget and rate limits shared by their keys, on top of each key's own. */
import { UniqueConstraintError } from 'sequelize';
import { z } from 'zod';
import type { KeyGroupRecord } from '../infrastructure/database/models/key-group-model.ts';
import type { ConfigChanges } from '../engine/state/config-changes.ts';
import type { BudgetPeriod } from '../domain/budget-period.ts';
import { InputError, NotFoundError } from './input-error.ts';
import { applyLimitFields, budgetNanos, limitFields } from './limit-fields.ts';
import { parseInput } from './parse-input.ts';
import type { TransactionAudit } from './admin-change-service.ts';
import type { DatabaseModels } from '../infrastructure/database/models/define-models.ts';

const createSchema = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(255),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  ...limitFields,
});
const updateSchema = createSchema.partial();

export type CreateKeyGroupInput = z.input<typeof createSchema>;
export type UpdateKeyGroupInput = z.input<typeof updateSchema>;

export class KeyGroupService {
  constructor(
    private readonly models: DatabaseModels,
    private readonly changes: ConfigChanges,
    private readonly audit?: TransactionAudit,
  ) {}

  list(): Promise<KeyGroupRecord[]> {
    return this.models.KeyGroupRecord.findAll({ order: [['name', 'ASC']] });
  }

  get(id: string): Promise<KeyGroupRecord | null> {
    return this.models.KeyGroupRecord.findByPk(id);
  }

  async create(input: CreateKeyGroupInput): Promise<KeyGroupRecord> {
    const values = parseInput(createSchema, input);
    const record = await this.save(() =>
      this.models.KeyGroupRecord.create({
        name: values.name,
        metadata: values.metadata ?? {},
        maxBudgetNanos: budgetNanos(values.maxBudget),
        budgetPeriod: (values.budgetPeriod ?? 'LIFETIME') as BudgetPeriod,
        rpm: values.rpm ?? null,
        rpd: values.rpd ?? null,
        tpm: values.tpm ?? null,
        maxParallel: values.maxParallel ?? null,
      }),
    );
    await this.changes.committed({ entity: 'keyGroup', id: record.id });
    return record;
  }

  async update(id: string, input: UpdateKeyGroupInput): Promise<KeyGroupRecord> {
    const values = parseInput(updateSchema, input);
    const record = await this.models.KeyGroupRecord.findByPk(id);
    if (!record) throw new NotFoundError('KeyGroup', id);
    if (values.name != null) record.name = values.name;
    if (values.metadata !== undefined) record.metadata = values.metadata ?? {};
    applyLimitFields(record, values);
    await this.save(() => record.save());
    await this.changes.committed({ entity: 'keyGroup', id });
    return record;
  }

  /** Deletes the group; its keys stay, without a group. */
  async delete(id: string): Promise<boolean> {
    const record = await this.models.KeyGroupRecord.findByPk(id);
    if (!record) throw new NotFoundError('KeyGroup', id);
    const sequelize = this.models.KeyGroupRecord.sequelize!;
    await sequelize.transaction(async (transaction) => {
      await this.models.VirtualKeyRecord.update({ groupId: null }, { where: { groupId: id }, transaction });
      await record.destroy({ transaction });
      await this.audit?.recordWithin(transaction);
    });
    await this.changes.committed({ entity: 'virtualKey' });
    await this.changes.committed({ entity: 'keyGroup', id });
    return true;
  }

  private async save<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (error instanceof UniqueConstraintError) throw new InputError('input.name', 'a key group with this name already exists');
      throw error;
    }
  }
}
