/** Identifiers shaped like Anthropic's: `msg_01…`, `toolu_01…`, `req_011C…` (base62 tails). */
import { randomBytes } from 'node:crypto';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function base62(length: number): string {
  return Array.from(randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join('');
}

export const messageId = (): string => `msg_01${base62(22)}`;
export const toolUseId = (): string => `toolu_01${base62(22)}`;
export const requestId = (): string => `req_011C${base62(20)}`;
