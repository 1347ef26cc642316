/**
 * Who may call: deny rules win wherever they are; where a scope (global, or the key) has allow rules,
 * the address must match one of them. A scope without allow rules allows every address it does not deny.
 */
import { rangeContains, type IpAddress, type IpRange } from './parse-cidr.ts';

export interface IpRules {
  allow: readonly IpRange[];
  deny: readonly IpRange[];
}

export const noIpRules: IpRules = { allow: [], deny: [] };

export type IpDecision = { allowed: true } | { allowed: false; reason: 'denied' | 'not-allowed' };

export function decideIpAccess(address: IpAddress, rules: IpRules): IpDecision {
  if (rules.deny.some((range) => rangeContains(range, address))) return { allowed: false, reason: 'denied' };
  if (rules.allow.length > 0 && !rules.allow.some((range) => rangeContains(range, address))) return { allowed: false, reason: 'not-allowed' };
  return { allowed: true };
}
