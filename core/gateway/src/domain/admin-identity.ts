/** Who is calling the admin API: the master key or an admin token, and the role it carries. */
export const adminRoles = ['VIEWER', 'OPERATOR', 'ADMIN'] as const;
export type AdminRole = (typeof adminRoles)[number];

export interface AdminIdentity {
  /** The admin token's id, or "master" for the master key. */
  tokenId: string;
  name: string;
  role: AdminRole;
  /** When the token stops working (none for the master key or a token without expiry). */
  expiresAt?: Date | null;
}

export const masterIdentity: AdminIdentity = { tokenId: 'master', name: 'master key', role: 'ADMIN' };

const rank: Record<AdminRole, number> = { VIEWER: 0, OPERATOR: 1, ADMIN: 2 };

/** True when `role` carries at least the rights of `needed`. */
export function roleAllows(role: AdminRole, needed: AdminRole): boolean {
  return rank[role] >= rank[needed];
}
