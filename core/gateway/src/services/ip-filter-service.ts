/** IP filters (allow and deny CIDR rules, global or per key) and the trusted proxies setting. */
import { z } from 'zod';
import type { IpFilterRecord, IpFilterAction } from '../infrastructure/database/models/ip-filter-model.ts';
import type { ConfigChanges } from '../engine/state/config-changes.ts';
import type { IpFilterSettings, IpFilterState } from '../engine/ip-filter/ip-filter-state.ts';
import { parseCidr } from '../engine/ip-filter/parse-cidr.ts';
import { InputError, NotFoundError } from './input-error.ts';
import { parseInput } from './parse-input.ts';
import type { DatabaseModels } from '../infrastructure/database/models/define-models.ts';

const cidrMessage = 'must be an IPv4 or IPv6 address or CIDR range, e.g. 10.0.0.0/8 or 2001:db8::/32';
const cidr = z
  .string()
  .refine((value) => parseCidr(value) !== undefined, cidrMessage)
  .transform((value) => parseCidr(value)!.text);

const createSchema = z.object({
  cidr,
  action: z.enum(['ALLOW', 'DENY'], { message: 'must be ALLOW or DENY' }),
  virtualKeyId: z.string().min(1).nullish(),
  description: z.string().trim().max(255).nullish(),
  enabled: z.boolean().nullish(),
});
const updateSchema = createSchema.omit({ virtualKeyId: true }).partial();
const settingsSchema = z.object({
  trustedProxies: z.array(cidr).max(1000).optional(),
  authFailureLimit: z.number().int('must be a whole number').min(1, 'must be at least 1 (null turns banning off)').max(1_000_000).nullable().optional(),
  authFailureWindowSeconds: z.number().int('must be a whole number').min(1, 'must be at least 1').max(86_400).optional(),
  authBanSeconds: z.number().int('must be a whole number').min(1, 'must be at least 1').max(30 * 86_400).optional(),
});

export type CreateIpFilterInput = z.input<typeof createSchema>;
export type UpdateIpFilterInput = z.input<typeof updateSchema>;

export class IpFilterService {
  constructor(
    private readonly models: DatabaseModels,
    private readonly changes: ConfigChanges,
    private readonly state: IpFilterState,
  ) {}

  /** `virtualKeyId` null lists the global rules; undefined lists all. */
  list(filter: { virtualKeyId?: string | null } = {}): Promise<IpFilterRecord[]> {
    const where = filter.virtualKeyId === undefined ? {} : { virtualKeyId: filter.virtualKeyId };
    return this.models.IpFilterRecord.findAll({ where, order: [['createdAt', 'ASC']] });
  }

  get(id: string): Promise<IpFilterRecord | null> {
    return this.models.IpFilterRecord.findByPk(id);
  }

  async create(input: CreateIpFilterInput): Promise<IpFilterRecord> {
    const values = parseInput(createSchema, input);
    if (values.virtualKeyId && !(await this.models.VirtualKeyRecord.findByPk(values.virtualKeyId))) {
      throw new InputError('input.virtualKeyId', `no virtual key with id '${values.virtualKeyId}'`);
    }
    const record = await this.models.IpFilterRecord.create({
      cidr: values.cidr,
      action: values.action as IpFilterAction,
      virtualKeyId: values.virtualKeyId ?? null,
      description: values.description ?? null,
      enabled: values.enabled ?? true,
    });
    await this.changes.committed({ entity: 'ipFilter', id: record.id });
    return record;
  }

  async update(id: string, input: UpdateIpFilterInput): Promise<IpFilterRecord> {
    const values = parseInput(updateSchema, input);
    const record = await this.models.IpFilterRecord.findByPk(id);
    if (!record) throw new NotFoundError('IpFilter', id);
    if (values.cidr != null) record.cidr = values.cidr;
    if (values.action != null) record.action = values.action;
    if (values.description !== undefined) record.description = values.description;
    if (values.enabled != null) record.enabled = values.enabled;
    await record.save();
    await this.changes.committed({ entity: 'ipFilter', id });
    return record;
  }

  async delete(id: string): Promise<boolean> {
    const deleted = await this.models.IpFilterRecord.destroy({ where: { id } });
    if (deleted === 0) throw new NotFoundError('IpFilter', id);
    await this.changes.committed({ entity: 'ipFilter', id });
    return true;
  }

  settings(): IpFilterSettings {
    return this.state.settings;
  }

  /** Changes the settings given; the others keep their values. */
  async updateSettings(input: z.input<typeof settingsSchema>): Promise<IpFilterSettings> {
    const values = parseInput(settingsSchema, input);
    const next = { ...this.state.settings };
    for (const [name, value] of Object.entries(values)) if (value !== undefined) Object.assign(next, { [name]: value });
    await this.state.saveSettings(next);
    await this.changes.committed({ entity: 'ipFilter' });
    return this.state.settings;
  }
}
