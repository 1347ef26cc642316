/**
 * Who is signed in: the admin key (master key or admin token) and what `me` says it may do, kept in
 * sessionStorage (never localStorage) so it ends with the tab. The key is checked against the API
 * before it is kept.
 */
export interface KeyStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The server's roles, weakest first (schema: AdminRole). */
export const adminRoles = ['VIEWER', 'OPERATOR', 'ADMIN'] as const;
export type AdminRole = (typeof adminRoles)[number];

export interface AdminIdentity {
  name: string;
  role: AdminRole;
}

const storageKey = 'conduit.adminKey';
const identityKey = 'conduit.adminIdentity';

function parseIdentity(text: string | null): AdminIdentity | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<AdminIdentity>;
    if (typeof value.name === 'string' && adminRoles.includes(value.role as AdminRole)) return { name: value.name, role: value.role as AdminRole };
  } catch {
    // A damaged entry is treated as unknown; the app asks `me` again.
  }
  return undefined;
}

export class Session {
  key = $state<string | undefined>();
  identity = $state<AdminIdentity | undefined>();
  readonly #storage: KeyStorage;

  constructor(storage: KeyStorage) {
    this.#storage = storage;
    this.key = storage.getItem(storageKey) || undefined;
    this.identity = this.key ? parseIdentity(storage.getItem(identityKey)) : undefined;
  }

  get signedIn(): boolean {
    return this.key !== undefined;
  }

  get role(): AdminRole | undefined {
    return this.identity?.role;
  }

  /**
   * Whether the signed-in role reaches `needed` (the server's mutation policy: OPERATOR changes keys,
   * groups, IP filters and notifications; ADMIN everything). An unknown role may do nothing.
   */
  may(needed: AdminRole): boolean {
    const role = this.identity?.role;
    return role !== undefined && adminRoles.indexOf(role) >= adminRoles.indexOf(needed);
  }

  /** Checks the key with `verify` (which returns `me`, or throws the server's refusal), then keeps both. */
  async signIn(key: string, verify: (key: string) => Promise<AdminIdentity>): Promise<void> {
    const trimmed = key.trim();
    if (!trimmed) throw new Error('Enter the admin key');
    const identity = await verify(trimmed);
    this.#storage.setItem(storageKey, trimmed);
    this.key = trimmed;
    this.remember(identity);
  }

  /** Keeps what `me` answered for the current key (after a reload, or when a role changed). */
  remember(identity: AdminIdentity): void {
    if (!this.key) return;
    this.#storage.setItem(identityKey, JSON.stringify({ name: identity.name, role: identity.role }));
    this.identity = { name: identity.name, role: identity.role };
  }

  signOut(): void {
    this.#storage.removeItem(storageKey);
    this.#storage.removeItem(identityKey);
    this.key = undefined;
    this.identity = undefined;
  }
}
