/**
 * Virtual keys: `ck-` plus 32 random bytes. Only a SHA-256 hash and a short display prefix are stored;
 * the key's entropy makes a plain hash safe against guessing, and keeps lookup a single indexed read.
 */
import { hash, randomBytes } from 'node:crypto';

export const virtualKeyPrefix = 'ck-';

export function generateVirtualKey(): string {
  return `${virtualKeyPrefix}${randomBytes(32).toString('base64url')}`;
}

export function hashVirtualKey(key: string): string {
  return hash('sha256', key, 'hex');
}

/** What admins see to tell keys apart: `ck-AbCd…` */
export function displayPrefix(key: string): string {
  return key.slice(0, virtualKeyPrefix.length + 6);
}
