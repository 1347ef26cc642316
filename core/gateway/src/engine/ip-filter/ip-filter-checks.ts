/**
 * The IP filter on /v1: before authentication the client address is resolved (trusted proxies) and
 * the global rules applied, so a refused address cannot even try keys; after it, the key's own rules.
 * A refused address gets 403. Plain checks the /v1 dispatcher calls in order, not middleware: each
 * middleware layer costs an async step on every request.
 */
import { GatewayError } from '../../domain/gateway-error.ts';
import type { GatewayContext } from '../../adapters/http/request-state.ts';
import { decideIpAccess, type IpRules } from './ip-access-policy.ts';
import type { IpFilterState } from './ip-filter-state.ts';
import { parseAddress } from './parse-cidr.ts';
import { resolveClientIp } from './resolve-client-ip.ts';

export interface IpFilterChecks {
  /** Resolves the client address and applies the global rules; throws a 403 GatewayError to refuse. */
  beforeAuthentication(ctx: GatewayContext): void;
  /** Applies the authenticated key's rules; throws a 403 GatewayError to refuse. */
  afterAuthentication(ctx: GatewayContext): void;
}

const refused = (address: string, scope: string): GatewayError =>
  new GatewayError({
    status: 403,
    type: 'permission_error',
    code: 'ip_not_allowed',
    message: `Requests from ${address} are not allowed ${scope}.`,
  });

function check(ctx: GatewayContext, rules: IpRules, scope: string): void {
  if (rules.allow.length === 0 && rules.deny.length === 0) return;
  const address = parseAddress(ctx.state.clientIp);
  if (!address) throw refused(ctx.state.clientIp || 'an unknown address', scope);
  if (!decideIpAccess(address, rules).allowed) throw refused(address.toString(), scope);
}

export function ipFilterChecks(state: IpFilterState): IpFilterChecks {
  return {
    beforeAuthentication(ctx) {
      if (state.trustedProxies.length > 0 || state.global.allow.length > 0 || state.global.deny.length > 0) {
        const client = resolveClientIp(ctx.req.socket.remoteAddress, ctx.headers['x-forwarded-for'], state.trustedProxies);
        if (client) ctx.state.clientIp = client.toString();
        check(ctx, state.global, 'by this gateway');
      } else {
        // Nothing to decide: skip parsing, only unwrap an IPv4-mapped IPv6 address as parsing would.
        const address = ctx.state.clientIp;
        if (address.startsWith('::ffff:') && address.includes('.')) ctx.state.clientIp = address.slice(7);
      }
    },
    afterAuthentication(ctx) {
      const key = ctx.state.key;
      if (key) check(ctx, state.forKey(key.id), 'for this API key');
    },
  };
}
