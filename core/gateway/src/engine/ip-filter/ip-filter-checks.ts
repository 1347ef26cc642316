/**
 * The IP filter on /v1: before authentication the client address is resolved (trusted proxies) and
 * the global rules applied, so a refused address cannot even try keys; after it, the key's own rules.
 * A refused address gets 403. Plain checks the /v1 dispatcher calls in order, not middleware: each
 * middleware layer costs an async step on every request.
 */
import { GatewayError } from '../../domain/gateway-error.ts';
import { decideIpAccess, type IpRules } from './ip-access-policy.ts';
import type { IpFilterState } from './ip-filter-state.ts';
import { parseAddress } from './parse-cidr.ts';
import { resolveClientIp } from './resolve-client-ip.ts';

/** Where a request comes from, as the socket and headers say. */
export interface RequestOrigin {
  /** The socket's peer address. */
  remoteAddress: string | undefined;
  /** The `X-Forwarded-For` header, trusted only from the configured proxies. */
  forwardedFor: string | string[] | undefined;
}

export interface IpFilterChecks {
  /**
   * Resolves the client address (trusted proxies) and applies the global rules; returns the client
   * address to use from here on, or throws a 403 GatewayError to refuse.
   */
  beforeAuthentication(origin: RequestOrigin, clientIp: string): string;
  /** Applies the authenticated key's rules; throws a 403 GatewayError to refuse. */
  afterAuthentication(clientIp: string, keyId: string): void;
}

const refused = (address: string, scope: string): GatewayError =>
  new GatewayError({
    status: 403,
    type: 'permission_error',
    code: 'ip_not_allowed',
    message: `Requests from ${address} are not allowed ${scope}.`,
  });

function check(clientIp: string, rules: IpRules, scope: string): void {
  if (rules.allow.length === 0 && rules.deny.length === 0) return;
  const address = parseAddress(clientIp);
  if (!address) throw refused(clientIp || 'an unknown address', scope);
  if (!decideIpAccess(address, rules).allowed) throw refused(address.toString(), scope);
}

export function ipFilterChecks(state: IpFilterState): IpFilterChecks {
  return {
    beforeAuthentication(origin, clientIp) {
      if (state.trustedProxies.length > 0 || state.global.allow.length > 0 || state.global.deny.length > 0) {
        const client = resolveClientIp(origin.remoteAddress, origin.forwardedFor, state.trustedProxies);
        const resolved = client ? client.toString() : clientIp;
        check(resolved, state.global, 'by this gateway');
        return resolved;
      }
      // Nothing to decide: skip parsing, only unwrap an IPv4-mapped IPv6 address as parsing would.
      return clientIp.startsWith('::ffff:') && clientIp.includes('.') ? clientIp.slice(7) : clientIp;
    },
    afterAuthentication(clientIp, keyId) {
      check(clientIp, state.forKey(keyId), 'for this API key');
    },
  };
}
