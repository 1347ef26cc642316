/**
 * Mistral accepts only tool call ids of exactly nine characters from [a-zA-Z0-9] (its own ids look
 * like `gSIMJiOkT`). Ids minted elsewhere (`call_abc…`, `toolu_…`) are replaced by a stable hash,
 * so an assistant's tool call and the tool message answering it still carry the same id.
 */
import { createHash } from 'node:crypto';

const validId = /^[a-zA-Z0-9]{9}$/;
const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function mapToolCallId(id: string): string {
  if (validId.test(id)) return id;
  const digest = createHash('sha256').update(id).digest();
  let out = '';
  for (let i = 0; i < 9; i++) out += alphabet[digest[i] % alphabet.length];
  return out;
}
