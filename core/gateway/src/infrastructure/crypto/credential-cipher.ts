/**
 * Encrypts provider credentials at rest with AES-256-GCM. The stored form is
 * `v1:<iv>:<tag>:<ciphertext>` in base64url, so a later key rotation can add `v2`.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

import type { CredentialCipher } from '../../ports/credential-cipher.ts';

export type { CredentialCipher };

export function createCredentialCipher(secret: string): CredentialCipher {
  // Any string works as a secret; SHA-256 turns it into a 32-byte key.
  const key = createHash('sha256').update(secret, 'utf8').digest();
  return {
    encrypt(plain: string): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return ['v1', iv.toString('base64url'), tag.toString('base64url'), ciphertext.toString('base64url')].join(':');
    },
    decrypt(stored: string): string {
      const [version, iv, tag, ciphertext] = stored.split(':');
      if (version !== 'v1' || !iv || !tag || ciphertext === undefined) {
        throw new Error('Stored credentials are not in a known format');
      }
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      try {
        return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new Error('Stored credentials cannot be decrypted: CONDUIT_ENCRYPTION_KEY differs from the one they were saved with');
      }
    },
  };
}
