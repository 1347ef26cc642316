/**
 * Virtual keys. The clear key exists only in the return value of `create`; the database holds its
 * hash and a display prefix. Budgets and rate limits live on the key (and its group); changes reach
 * every instance's key cache before the next request.
 */
import { z } from 'zod';
import type { VirtualKeyRecord } from '../infrastructure/database/models/virtual-key-model.ts';
import type { ConfigChanges } from '../engine/state/config-changes.ts';
import { displayPrefix, generateVirtualKey, hashVirtualKey } from '../engine/keys/virtual-key-token.ts';
import type { BudgetPeriod } from '../domain/budget-period.ts';
import { keyPermissions, type KeyPermission } from '../domain/key-permission.ts';
import type { NotificationCenter } from '../engine/notifications/notification-center.ts';
import type { RequestLogWriter } from '../infrastructure/database/request-log-writer.ts';
import { InputError, NotFoundError } from './input-error.ts';
import { applyLimitFields, budgetNanos, limitFields } from './limit-fields.ts';
import { parseInput } from './parse-input.ts';
import type { DatabaseModels } from '../infrastructure/database/models/define-models.ts';

const modelPattern = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .refine((value) => !value.slice(0, -1).includes('*'), "'*' may only end a prefix");

const createSchema = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(255),
  allowedModels: z.array(modelPattern).nullish(),
  expiresAt: z.date().nullish(),
  enabled: z.boolean().nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  groupId: z.string().min(1).nullish(),
  /** null: every kind of request. */
  permissions: z
    .array(z.enum(keyPermissions, { message: `must be one of ${keyPermissions.join(', ')}` }))
    .transform((values) => [...new Set(values)])
    .nullish(),
  /** null: the gateway's default. */
  maxRealtimeSessions: z.number().int('must be a whole number').min(0, 'must be at least 0 (null for the default)').max(1_000_000).nullish(),
  ...limitFields,
});
const updateSchema = createSchema.partial();

export type CreateVirtualKeyInput = z.input<typeof createSchema>;
export type UpdateVirtualKeyInput = z.input<typeof updateSchema>;

export class VirtualKeyService {
  constructor(
    private readonly models: DatabaseModels,
    private readonly changes: ConfigChanges,
    private readonly logWriter: RequestLogWriter,
    private readonly notifications?: NotificationCenter,
  ) {}

  list(filter: { groupId?: string | null } = {}): Promise<VirtualKeyRecord[]> {
    return this.models.VirtualKeyRecord.findAll({ where: filter.groupId ? { groupId: filter.groupId } : {}, order: [['createdAt', 'ASC']] });
  }

  get(id: string): Promise<VirtualKeyRecord | null> {
    return this.models.VirtualKeyRecord.findByPk(id);
  }

  async create(input: CreateVirtualKeyInput): Promise<{ key: string; virtualKey: VirtualKeyRecord }> {
    const values = parseInput(createSchema, input);
    if (values.groupId) await this.requireGroup(values.groupId);
    const key = generateVirtualKey();
    const virtualKey = await this.models.VirtualKeyRecord.create({
      name: values.name,
      keyHash: hashVirtualKey(key),
      keyPrefix: displayPrefix(key),
      allowedModels: values.allowedModels ?? null,
      expiresAt: values.expiresAt ?? null,
      enabled: values.enabled ?? true,
      metadata: values.metadata ?? {},
      groupId: values.groupId ?? null,
      maxBudgetNanos: budgetNanos(values.maxBudget),
      budgetPeriod: (values.budgetPeriod ?? 'LIFETIME') as BudgetPeriod,
      rpm: values.rpm ?? null,
      rpd: values.rpd ?? null,
      tpm: values.tpm ?? null,
      maxParallel: values.maxParallel ?? null,
      permissions: (values.permissions as KeyPermission[] | null | undefined) ?? null,
      maxRealtimeSessions: values.maxRealtimeSessions ?? null,
    });
    return { key, virtualKey };
  }

  async update(id: string, input: UpdateVirtualKeyInput): Promise<VirtualKeyRecord> {
    const values = parseInput(updateSchema, input);
    const record = await this.models.VirtualKeyRecord.findByPk(id);
    if (!record) throw new NotFoundError('VirtualKey', id);
    if (values.groupId) await this.requireGroup(values.groupId);
    const wasEnabled = record.enabled;
    if (values.name != null) record.name = values.name;
    if (values.allowedModels !== undefined) record.allowedModels = values.allowedModels;
    if (values.expiresAt !== undefined) record.expiresAt = values.expiresAt;
    if (values.enabled != null) record.enabled = values.enabled;
    if (values.metadata !== undefined) record.metadata = values.metadata ?? {};
    if (values.groupId !== undefined) record.groupId = values.groupId;
    if (values.permissions !== undefined) record.permissions = values.permissions;
    if (values.maxRealtimeSessions !== undefined) record.maxRealtimeSessions = values.maxRealtimeSessions;
    applyLimitFields(record, values);
    await record.save();
    await this.changes.committed({ entity: 'virtualKey', id });
    if (wasEnabled && !record.enabled) await this.notifications?.keyDisabled(record, record.updatedAt);
    return record;
  }

  async delete(id: string): Promise<boolean> {
    const deleted = await this.models.VirtualKeyRecord.destroy({ where: { id } });
    if (deleted === 0) throw new NotFoundError('VirtualKey', id);
    const filters = await this.models.IpFilterRecord.destroy({ where: { virtualKeyId: id } });
    await this.changes.committed({ entity: 'virtualKey', id });
    if (filters > 0) await this.changes.committed({ entity: 'ipFilter' });
    return true;
  }

  /**
   * Lifetime spend in nano-dollars, exact: what was recorded is written first, then read back. (Adding
   * the writer's unflushed amounts to a row read earlier races with a flush committing in between.)
   */
  async spendNanos(record: VirtualKeyRecord): Promise<number> {
    await this.logWriter.flush();
    const fresh = await this.models.VirtualKeyRecord.findByPk(record.id, { attributes: ['spendNanos'] });
    return fresh?.spendNanos ?? record.spendNanos;
  }

  /** `spendNanos` for several keys with one read (a list of keys in the admin API). */
  async spendsNanos(ids: readonly string[]): Promise<Map<string, number>> {
    await this.logWriter.flush();
    const rows = await this.models.VirtualKeyRecord.findAll({ where: { id: [...ids] }, attributes: ['id', 'spendNanos'] });
    return new Map(rows.map((row) => [row.id, row.spendNanos]));
  }

  private async requireGroup(id: string): Promise<void> {
    if (!(await this.models.KeyGroupRecord.findByPk(id))) throw new InputError('input.groupId', `no key group with id '${id}'`);
  }
}
