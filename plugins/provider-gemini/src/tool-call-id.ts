/**
 * Tool call ids. Gemini's older models return function calls without an id, so the plugin makes
 * OpenAI-style ones (`call_` + 24 characters). Ids of that shape are never sent back to Gemini as a
 * functionCall/functionResponse `id`: only ids Gemini itself issued (or another provider's, in a
 * migrated conversation) are echoed, which every API version accepts.
 */
import { randomBytes } from 'node:crypto';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function generateToolCallId(): string {
  const bytes = randomBytes(24);
  let id = 'call_';
  for (const byte of bytes) id += alphabet[byte % alphabet.length];
  return id;
}

export function isGeneratedToolCallId(id: string): boolean {
  return /^call_[A-Za-z0-9]{24}$/.test(id);
}
