import { builder } from '../builder.ts';
import { adminRoles, type AdminIdentity } from '../../../domain/admin-identity.ts';
import type { AdminTokenRecord } from '../../../infrastructure/database/models/admin-token-model.ts';

export const AdminRoleEnum = builder.enumType('AdminRole', {
  description: 'VIEWER: every query and subscription, no mutation. OPERATOR: also virtual keys, key groups, IP filters, notifications. ADMIN: everything.',
  values: adminRoles,
});

const AdminTokenType = builder.objectRef<AdminTokenRecord>('AdminToken').implement({
  description: 'An admin credential with a role. Its clear value is shown once, by createAdminToken.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    role: t.field({ type: AdminRoleEnum, resolve: (token) => token.role }),
    prefix: t.exposeString('tokenPrefix', { description: 'The first characters, to tell tokens apart (cat-AbCdEf).' }),
    expiresAt: t.field({ type: 'DateTime', nullable: true, resolve: (token) => token.expiresAt }),
    revokedAt: t.field({ type: 'DateTime', nullable: true, resolve: (token) => token.revokedAt }),
    active: t.boolean({
      description: 'Neither revoked nor expired.',
      resolve: (token) => !token.revokedAt && (!token.expiresAt || token.expiresAt.getTime() > Date.now()),
    }),
    createdBy: t.exposeString('createdBy', { description: 'The token id that created it, or "master".' }),
    createdAt: t.field({ type: 'DateTime', resolve: (token) => token.createdAt }),
  }),
});

const CreatedAdminTokenType = builder.objectRef<{ token: string; record: AdminTokenRecord }>('CreatedAdminToken').implement({
  fields: (t) => ({
    token: t.exposeString('token', { description: 'The clear token: shown only here, once. Send it as Authorization: Bearer <token>.' }),
    adminToken: t.field({ type: AdminTokenType, resolve: (created) => created.record }),
  }),
});

const AdminIdentityType = builder.objectRef<AdminIdentity>('AdminIdentity').implement({
  description: 'Who the current credential is.',
  fields: (t) => ({
    tokenId: t.exposeString('tokenId', { description: 'The admin token’s id, or "master" for the master key.' }),
    name: t.exposeString('name'),
    role: t.field({ type: AdminRoleEnum, resolve: (identity) => identity.role }),
  }),
});

const CreateAdminTokenInput = builder.inputType('CreateAdminTokenInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    role: t.field({ type: AdminRoleEnum, required: true }),
    expiresAt: t.field({ type: 'DateTime', description: 'Null: never expires.' }),
  }),
});

builder.queryFields((t) => ({
  me: t.field({ type: AdminIdentityType, description: 'The credential making this request.', resolve: (_root, _args, { admin }) => admin }),
  adminTokens: t.field({ type: [AdminTokenType], description: 'Every admin token, newest first (revoked ones too).', resolve: (_root, _args, { services }) => services.adminTokens.list() }),
}));

builder.mutationFields((t) => ({
  createAdminToken: t.field({
    type: CreatedAdminTokenType,
    args: { input: t.arg({ type: CreateAdminTokenInput, required: true }) },
    resolve: (_root, { input }, { services, admin }) => services.adminTokens.create(input, admin),
  }),
  revokeAdminToken: t.field({
    type: AdminTokenType,
    description: 'Stops the token working at once, on every instance.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, { services }) => services.adminTokens.revoke(String(id)),
  }),
}));
