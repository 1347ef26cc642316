import { graphql } from '../graphql.ts';

export const AdminTokenFields = graphql(`
  fragment AdminTokenFields on AdminToken @_unmask { id name prefix role active createdAt createdBy expiresAt revokedAt }
`);

export const AdminTokens = graphql(`query AdminTokens { adminTokens { ...AdminTokenFields } }`, [AdminTokenFields]);

export const CreateAdminToken = graphql(`
  mutation CreateAdminToken($input: CreateAdminTokenInput!) { createAdminToken(input: $input) { token adminToken { ...AdminTokenFields } } }
`, [AdminTokenFields]);

export const RevokeAdminToken = graphql(`
  mutation RevokeAdminToken($id: ID!) { revokeAdminToken(id: $id) { ...AdminTokenFields } }
`, [AdminTokenFields]);

export const AuditEntryFields = graphql(`
  fragment AuditEntryFields on AuditEntry @_unmask { id createdAt actorId actorName actorRole mutation entity entityId action fields clientIp }
`);

export const AuditLog = graphql(`
  query AuditLog($first: Int, $after: String, $entity: String, $actorId: String) {
    auditLog(first: $first, after: $after, entity: $entity, actorId: $actorId) {
      edges { node { ...AuditEntryFields } }
      pageInfo { hasNextPage endCursor }
    }
  }
`, [AuditEntryFields]);

export const AuditLogged = graphql(`subscription AuditLogged { auditLogged { ...AuditEntryFields } }`, [AuditEntryFields]);
