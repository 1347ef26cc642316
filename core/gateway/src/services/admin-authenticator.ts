/**
 * Turns the credential an admin client presents (the master key, or an admin token) into an identity.
 * The master key is compared in constant time; tokens are looked up by their hash.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { masterIdentity, type AdminIdentity } from '../domain/admin-identity.ts';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

export interface AdminTokenLookup {
  /** The live (not revoked, not expired) token with this clear value, or null. */
  identify(token: string): Promise<AdminIdentity | null>;
}

export class AdminAuthenticator {
  private readonly master: Buffer;

  constructor(
    masterKey: string,
    private readonly tokens?: AdminTokenLookup,
  ) {
    this.master = digest(masterKey);
  }

  /** `authorization` is a header value (`Bearer <credential>`) or the bare credential. */
  async authenticate(authorization: string | undefined | null): Promise<AdminIdentity | null> {
    if (typeof authorization !== 'string') return null;
    const trimmed = authorization.trim();
    const credential = (/^Bearer\s+(.+)$/i.exec(trimmed)?.[1] ?? trimmed).trim();
    if (credential === '' || credential.length > 512) return null;
    if (timingSafeEqual(digest(credential), this.master)) return masterIdentity;
    return (await this.tokens?.identify(credential)) ?? null;
  }
}
