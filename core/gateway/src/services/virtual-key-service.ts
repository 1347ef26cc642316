/**
 * Virtual keys. The clear key exists only in the return value of `create`; the database holds its
 * hash and a display prefix.
 */
import { z } from 'zod';
import { VirtualKeyRecord } from '../db/models/virtual-key-model.ts';
import type { ConfigChanges } from '../events/config-changes.ts';
import { displayPrefix, generateVirtualKey, hashVirtualKey } from '../keys/virtual-key-token.ts';
import type { RequestLogWriter } from '../usage/request-log-writer.ts';
import { NotFoundError } from './input-error.ts';
import { parseInput } from './parse-input.ts';

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
});
const updateSchema = createSchema.partial();

export type CreateVirtualKeyInput = z.input<typeof createSchema>;
export type UpdateVirtualKeyInput = z.input<typeof updateSchema>;

export class VirtualKeyService {
  constructor(
    private readonly changes: ConfigChanges,
    private readonly logWriter: RequestLogWriter,
  ) {}

  list(): Promise<VirtualKeyRecord[]> {
    return VirtualKeyRecord.findAll({ order: [['createdAt', 'ASC']] });
  }

  get(id: string): Promise<VirtualKeyRecord | null> {
    return VirtualKeyRecord.findByPk(id);
  }

  async create(input: CreateVirtualKeyInput): Promise<{ key: string; virtualKey: VirtualKeyRecord }> {
    const values = parseInput(createSchema, input);
    const key = generateVirtualKey();
    const virtualKey = await VirtualKeyRecord.create({
      name: values.name,
      keyHash: hashVirtualKey(key),
      keyPrefix: displayPrefix(key),
      allowedModels: values.allowedModels ?? null,
      expiresAt: values.expiresAt ?? null,
      enabled: values.enabled ?? true,
      metadata: values.metadata ?? {},
    });
    return { key, virtualKey };
  }

  async update(id: string, input: UpdateVirtualKeyInput): Promise<VirtualKeyRecord> {
    const values = parseInput(updateSchema, input);
    const record = await VirtualKeyRecord.findByPk(id);
    if (!record) throw new NotFoundError('VirtualKey', id);
    if (values.name != null) record.name = values.name;
    if (values.allowedModels !== undefined) record.allowedModels = values.allowedModels;
    if (values.expiresAt !== undefined) record.expiresAt = values.expiresAt;
    if (values.enabled != null) record.enabled = values.enabled;
    if (values.metadata !== undefined) record.metadata = values.metadata ?? {};
    await record.save();
    await this.changes.committed({ entity: 'virtualKey', id });
    return record;
  }

  async delete(id: string): Promise<boolean> {
    const deleted = await VirtualKeyRecord.destroy({ where: { id } });
    if (deleted === 0) throw new NotFoundError('VirtualKey', id);
    await this.changes.committed({ entity: 'virtualKey', id });
    return true;
  }

  /** Lifetime spend in USD, including what is recorded but not yet written. */
  spend(record: VirtualKeyRecord): number {
    return record.spend + this.logWriter.unflushedSpend(record.id);
  }
}
