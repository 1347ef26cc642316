/**
 * Admin tokens: named credentials with a role, for people and automation besides the master key. The
 * clear token (`cat-` + 32 random bytes) is returned once, by the call that creates it; only its
 * SHA-256 hash and a display prefix are stored. A revoked or expired token stops working at once, on
 * every instance (each request looks it up by hash: admin traffic is light).
 */
import { hash, randomBytes, randomUUID } from 'node:crypto';
import { Op } from 'sequelize';
import { z } from 'zod';
import { adminRoles, type AdminIdentity } from '../domain/admin-identity.ts';
import type { AdminTokenRecord } from '../infrastructure/database/models/admin-token-model.ts';
import type { AdminTokenLookup } from './admin-authenticator.ts';
import { InputError, NotFoundError } from './input-error.ts';
import { parseInput } from './parse-input.ts';
import type { DatabaseModels } from '../infrastructure/database/models/define-models.ts';

export const adminTokenPrefix = 'cat-';

const createSchema = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(255),
  role: z.enum(adminRoles),
  expiresAt: z.date().nullish(),
});

export type CreateAdminTokenInput = z.input<typeof createSchema>;

const hashToken = (token: string): string => hash('sha256', token, 'hex');

export class AdminTokenService implements AdminTokenLookup {
  constructor(private readonly models: DatabaseModels) {}

  list(): Promise<AdminTokenRecord[]> {
    return this.models.AdminTokenRecord.findAll({ order: [['createdAt', 'DESC'], ['id', 'ASC']] });
  }

  async create(input: CreateAdminTokenInput, createdBy: AdminIdentity): Promise<{ token: string; record: AdminTokenRecord }> {
    const values = parseInput(createSchema, input);
    if (values.expiresAt && values.expiresAt.getTime() <= Date.now()) throw new InputError('expiresAt', 'must be in the future');
    const token = `${adminTokenPrefix}${randomBytes(32).toString('base64url')}`;
    const record = await this.models.AdminTokenRecord.create({
      id: randomUUID(),
      name: values.name,
      role: values.role,
      tokenHash: hashToken(token),
      tokenPrefix: token.slice(0, adminTokenPrefix.length + 6),
      expiresAt: values.expiresAt ?? null,
      revokedAt: null,
      createdBy: createdBy.tokenId,
    });
    return { token, record };
  }

  async revoke(id: string): Promise<AdminTokenRecord> {
    const record = await this.models.AdminTokenRecord.findByPk(id);
    if (!record) throw new NotFoundError('Admin token', id);
    if (!record.revokedAt) {
      record.revokedAt = new Date();
      await record.save();
    }
    return record;
  }

  async identify(token: string): Promise<AdminIdentity | null> {
    if (!token.startsWith(adminTokenPrefix)) return null;
    const now = new Date();
    const record = await this.models.AdminTokenRecord.findOne({
      where: { tokenHash: hashToken(token), revokedAt: null, [Op.or]: [{ expiresAt: null }, { expiresAt: { [Op.gt]: now } }] },
    });
    return record ? { tokenId: record.id, name: record.name, role: record.role } : null;
  }
}
