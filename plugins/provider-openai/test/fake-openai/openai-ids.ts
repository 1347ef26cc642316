/** Identifiers shaped like OpenAI's: `chatcmpl-…`, `cmpl-…`, `modr-…`, `req_…`, `fp_…`. */
import { randomBytes } from 'node:crypto';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomAlphanumeric(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

export const openAIIds = {
  chatCompletion: (): string => `chatcmpl-${randomAlphanumeric(29)}`,
  completion: (): string => `cmpl-${randomAlphanumeric(29)}`,
  moderation: (): string => `modr-${randomAlphanumeric(29)}`,
  request: (): string => `req_${randomBytes(16).toString('hex')}`,
  toolCall: (): string => `call_${randomAlphanumeric(24)}`,
  fingerprint: (): string => `fp_${randomBytes(5).toString('hex')}`,
};
