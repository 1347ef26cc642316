/**
 * The authentication stage: a request's virtual key (`Authorization: Bearer`, `api-key` or
 * `x-api-key`) is hashed and looked up in the in-process cache; the key itself is never logged.
 */
import { GatewayError } from '../../domain/gateway-error.ts';
import type { AuthenticatedKey, VirtualKeyCache } from '../../engine/keys/virtual-key-cache.ts';
import { hashVirtualKey } from '../../engine/keys/virtual-key-token.ts';

// OpenAI answers every key problem with 401 and type invalid_request_error (code invalid_api_key).
const unauthorized = (message: string, code: string): GatewayError =>
  new GatewayError({ status: 401, type: 'invalid_request_error', code, message });

export function presentedKey(headers: Record<string, string | string[] | undefined>): string | undefined {
  const authorization = headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    if (match) return match[1]!.trim();
  }
  for (const name of ['api-key', 'x-api-key']) {
    const value = headers[name];
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return undefined;
}

/** The 401 message for a request without a key, where the ingress names no headers of its own. */
export const missingKeyMessage = "You didn't provide an API key. Pass your virtual key in the Authorization header (Bearer ck-...).";

/** The key a request presents, checked; throws a 401 GatewayError (`missingMessage` when there is none). */
export function authenticateVirtualKey(
  keys: VirtualKeyCache,
): (headers: Record<string, string | string[] | undefined>, missingMessage?: string) => Promise<AuthenticatedKey> {
  return async function authenticate(headers, missingMessage = missingKeyMessage) {
    const presented = presentedKey(headers);
    if (!presented) throw unauthorized(missingMessage, 'missing_api_key');
    const key = await keys.lookup(hashVirtualKey(presented));
    if (!key) throw unauthorized('Incorrect API key provided.', 'invalid_api_key');
    if (!key.enabled) throw unauthorized('This API key is disabled.', 'key_disabled');
    if (key.expiresAt !== null && key.expiresAt <= Date.now()) throw unauthorized('This API key has expired.', 'key_expired');
    return key;
  };
}
