/** Ids in the style of OpenAI's and Anthropic's APIs (`resp_…`, `msg_…`, `toolu_…`): a prefix and random base62 characters. */
import { randomBytes } from 'node:crypto';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomBase62(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  // The modulo favours a few letters slightly: harmless in an id.
  for (const byte of bytes) out += alphabet[byte % 62];
  return out;
}

export function randomId(prefix: string, length = 24): string {
  return `${prefix}${randomBase62(length)}`;
}
