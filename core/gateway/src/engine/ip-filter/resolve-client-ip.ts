/**
 * The client's address. X-Forwarded-For is believed only as far as it was written by trusted proxies:
 * walking it from the right, each hop is taken while the address that handed it to us is trusted, so a
 * client cannot forge its way past the filter by sending the header itself.
 */
import { parseAddress, rangeContains, type IpAddress, type IpRange } from './parse-cidr.ts';

export function resolveClientIp(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedProxies: readonly IpRange[],
): IpAddress | undefined {
  let client = socketAddress === undefined ? undefined : parseAddress(socketAddress);
  if (!client || trustedProxies.length === 0 || forwardedFor === undefined) return client;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map((hop) => hop.trim())
    .filter((hop) => hop !== '');
  for (let index = hops.length - 1; index >= 0; index--) {
    const current = client;
    if (!trustedProxies.some((range) => rangeContains(range, current))) break;
    const hop = parseAddress(hops[index]!);
    if (!hop) break;
    client = hop;
  }
  return client;
}
