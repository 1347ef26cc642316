/**
 * Parses an IPv4 or IPv6 address or CIDR range strictly (dotted quads only, no zone ids) into its
 * normalised form: the network address and prefix (`10.0.0.0/8`, `2001:db8::/32`); a bare address is
 * a /32 or /128. An IPv4-mapped IPv6 range becomes the IPv4 range it stands for.
 */
import ipaddr from 'ipaddr.js';

export type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;
export type IpRange = [IpAddress, number];

export interface ParsedCidr {
  range: IpRange;
  /** The canonical text, as stored. */
  text: string;
}

export function parseCidr(input: string): ParsedCidr | undefined {
  const value = input.trim();
  const slash = value.indexOf('/');
  const addressText = slash < 0 ? value : value.slice(0, slash);
  const prefixText = slash < 0 ? undefined : value.slice(slash + 1);
  const address = parseStrict(addressText);
  if (!address) return undefined;
  const maxPrefix = address.kind() === 'ipv4' ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  let prefix = prefixText === undefined ? maxPrefix : Number(prefixText);
  if (prefix > maxPrefix) return undefined;
  let network: IpAddress = address;
  if (network.kind() === 'ipv6' && (network as ipaddr.IPv6).isIPv4MappedAddress() && prefix >= 96) {
    network = (network as ipaddr.IPv6).toIPv4Address();
    prefix -= 96;
  }
  const networkAddress =
    network.kind() === 'ipv4'
      ? ipaddr.IPv4.networkAddressFromCIDR(`${network.toString()}/${prefix}`)
      : ipaddr.IPv6.networkAddressFromCIDR(`${network.toString()}/${prefix}`);
  return { range: [networkAddress, prefix], text: `${networkAddress.toString()}/${prefix}` };
}

/** A single address as the gateway compares it: IPv4-mapped IPv6 (`::ffff:1.2.3.4`) as IPv4. */
export function parseAddress(input: string): IpAddress | undefined {
  const address = parseStrict(input);
  return address?.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() ? (address as ipaddr.IPv6).toIPv4Address() : address;
}

function parseStrict(input: string): IpAddress | undefined {
  const value = input.trim();
  if (value.includes('%')) return undefined;
  if (ipaddr.IPv4.isValidFourPartDecimal(value)) return ipaddr.IPv4.parse(value);
  return ipaddr.IPv6.isValid(value) ? ipaddr.IPv6.parse(value) : undefined;
}

export function rangeContains(range: IpRange, address: IpAddress): boolean {
  return range[0].kind() === address.kind() && address.match(range);
}
