/**
 * Authentication with a guard against key guessing: an address banned after repeated failures is
 * refused (403) before its key is even looked at, and every failed authentication (a 401) is counted
 * against the address.
 */
import { GatewayError } from '../../domain/gateway-error.ts';
import { formatDuration } from '../../domain/format-duration.ts';
import type { AuthFailureGuard } from '../../engine/auth-failures/auth-failure-guard.ts';
import type { AuthenticatedKey } from '../../engine/keys/virtual-key-cache.ts';
import { displayPrefix } from '../../engine/keys/virtual-key-token.ts';
import { presentedKey } from './authenticate.ts';

type Headers = Record<string, string | string[] | undefined>;

export function guardAuthentication(
  authenticate: (headers: Headers, missingMessage?: string) => Promise<AuthenticatedKey>,
  guard: AuthFailureGuard | undefined,
): (headers: Headers, clientIp: string, missingMessage?: string) => Promise<AuthenticatedKey> {
  if (!guard) return (headers, _clientIp, missingMessage) => authenticate(headers, missingMessage);
  return async function guardedAuthentication(headers, clientIp, missingMessage) {
    const ban = guard.check(clientIp, Date.now());
    if (ban.banned) throw banned(clientIp, ban.retryAfterMs);
    try {
      return await authenticate(headers, missingMessage);
    } catch (error) {
      if (error instanceof GatewayError && error.status === 401) await guard.recordFailure(clientIp, Date.now());
      throw error;
    }
  };
}

/** What a failed authentication's log row may hold of the key presented: its display prefix, never more. */
export function presentedKeyPrefix(headers: Headers): string | undefined {
  const presented = presentedKey(headers);
  return presented === undefined ? undefined : displayPrefix(presented);
}

function banned(ip: string, retryAfterMs: number): GatewayError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new GatewayError({
    status: 403,
    type: 'permission_error',
    code: 'ip_banned',
    message: `Too many failed authentications from ${ip}: refused for ${formatDuration(seconds * 1000)}.`,
    headers: { 'retry-after': String(seconds) },
  });
}
