/** The generated master key: `cm-` plus 32 random bytes, kept in the data dir when not configured. */
import { randomBytes } from 'node:crypto';

export const masterKeyFile = 'master.key';

export function generateMasterKey(): string {
  return `cm-${randomBytes(32).toString('base64url')}`;
}
