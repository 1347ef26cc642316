/**
 * Client secrets for browsers (`ek_…`): a short-lived, single-use stand-in for a virtual key, bound
 * to the key and one model. The secret is the key's hash, the model and the expiry, sealed with the
 * credential cipher (AES-GCM with the instances' shared encryption key), so any instance can open
 * it and nobody can forge or read one. Single use is exact across instances: redeeming takes the
 * secret's one slot in the shared counter store, leased until the secret expires (then it is
 * refused as expired anyway).
 */
import { randomBytes } from 'node:crypto';
import type { CounterStore } from '../../ports/counter-store.ts';
import type { CredentialCipher } from '../../ports/credential-cipher.ts';

const prefix = 'ek_';

interface Sealed {
  /** The hash of the virtual key the secret stands for. */
  k: string;
  /** The public model it may open a session of. */
  m: string;
  /** Expiry, epoch ms. */
  e: number;
  /** Its nonce: the name of its single-use slot. */
  n: string;
  /** The session configuration the session starts with, when the secret was minted with one. */
  s?: Record<string, unknown>;
}

/** What a redeemed secret stands for. */
export interface RedeemedSecret {
  keyHash: string;
  session: Readonly<Record<string, unknown>> | undefined;
}

/** The largest session configuration a secret carries (it travels in a header or subprotocol). */
export const maxSecretSessionBytes = 4096;

export interface MintedSecret {
  value: string;
  /** Epoch ms. */
  expiresAt: number;
}

export class RealtimeClientSecrets {
  constructor(
    private readonly cipher: CredentialCipher,
    private readonly store: CounterStore,
    private readonly clock: () => number = Date.now,
  ) {}

  mint(keyHash: string, model: string, seconds: number, session?: Record<string, unknown>): MintedSecret {
    const expiresAt = this.clock() + seconds * 1000;
    const sealed: Sealed = { k: keyHash, m: model, e: expiresAt, n: randomBytes(12).toString('base64url'), ...(session ? { s: session } : {}) };
    // The cipher's separators (':') are not allowed in a WebSocket subprotocol; '.' is.
    return { value: prefix + this.cipher.encrypt(JSON.stringify(sealed)).replaceAll(':', '.'), expiresAt };
  }

  /** What a valid, unused secret for `model` stands for, using it up; undefined otherwise. */
  async redeem(value: string, model: string): Promise<RedeemedSecret | undefined> {
    const sealed = this.open(value);
    if (!sealed || sealed.m !== model) return undefined;
    const remainingMs = sealed.e - this.clock();
    if (remainingMs <= 0) return undefined;
    const result = await this.store.admit({
      ticket: sealed.n,
      leaseMs: remainingMs + 1000,
      windows: [],
      parallel: [{ counter: `conduit:{limits}:client-secret:${sealed.n}`, limit: 1 }],
      budgets: [],
    });
    return result.status === 'admitted' ? { keyHash: sealed.k, session: sealed.s } : undefined;
  }

  private open(value: string): Sealed | undefined {
    if (!value.startsWith(prefix) || value.length > 4 * maxSecretSessionBytes) return undefined;
    try {
      const parsed = JSON.parse(this.cipher.decrypt(value.slice(prefix.length).replaceAll('.', ':'))) as Partial<Sealed>;
      if (typeof parsed.k !== 'string' || typeof parsed.m !== 'string' || typeof parsed.e !== 'number' || typeof parsed.n !== 'string') return undefined;
      if (parsed.s !== undefined && (typeof parsed.s !== 'object' || parsed.s === null || Array.isArray(parsed.s))) return undefined;
      return parsed as Sealed;
    } catch {
      return undefined;
    }
  }
}
