/**
 * How the fake signs the thinking it returns and checks what comes back, as the real API does: a
 * `thinking` block's signature covers its text, a `redacted_thinking` block's data is opaque and
 * must be one the API issued. The signature is an HMAC under a key only the fake knows, base64 like
 * Anthropic's, so a block edited on the way back (or signed by nobody) is refused.
 */
import { createHmac, randomBytes } from 'node:crypto';

const key = randomBytes(32);

export function signThinking(thinking: string): string {
  return createHmac('sha256', key).update('thinking\0').update(thinking).digest('base64');
}

export function validThinkingSignature(thinking: unknown, signature: unknown): boolean {
  return typeof thinking === 'string' && typeof signature === 'string' && signature === signThinking(thinking);
}

/** Redacted thinking: random bytes and their MAC, base64, so the fake recognises its own data. */
export function redactedThinkingData(): string {
  const body = randomBytes(48);
  const mac = createHmac('sha256', key).update('redacted\0').update(body).digest();
  return Buffer.concat([body, mac]).toString('base64');
}

export function validRedactedThinking(data: unknown): boolean {
  if (typeof data !== 'string') return false;
  const bytes = Buffer.from(data, 'base64');
  if (bytes.length !== 80) return false;
  const mac = createHmac('sha256', key).update('redacted\0').update(bytes.subarray(0, 48)).digest();
  return mac.equals(bytes.subarray(48));
}
