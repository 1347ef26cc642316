/**
 * How the fake signs the reasoning it returns for Claude and checks what comes back, as Claude on
 * Bedrock does: a reasoning text's signature covers the text; redacted content must be the fake's
 * own. HMACs under a key only the fake knows, base64 (redacted content travels as a base64 blob).
 */
import { createHmac, randomBytes } from 'node:crypto';

const key = randomBytes(32);

export function signReasoning(text: string): string {
  return createHmac('sha256', key).update('reasoning\0').update(text).digest('base64');
}

export function validReasoningSignature(text: unknown, signature: unknown): boolean {
  return typeof text === 'string' && typeof signature === 'string' && signature === signReasoning(text);
}

export function redactedReasoning(): string {
  const body = randomBytes(48);
  return Buffer.concat([body, createHmac('sha256', key).update('redacted\0').update(body).digest()]).toString('base64');
}

export function validRedactedReasoning(data: unknown): boolean {
  if (typeof data !== 'string') return false;
  const bytes = Buffer.from(data, 'base64');
  if (bytes.length !== 80) return false;
  return createHmac('sha256', key).update('redacted\0').update(bytes.subarray(0, 48)).digest().equals(bytes.subarray(48));
}
