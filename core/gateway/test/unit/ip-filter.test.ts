import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decideIpAccess, type IpRules } from '../../src/engine/ip-filter/ip-access-policy.ts';
import { parseAddress, parseCidr, type IpRange } from '../../src/engine/ip-filter/parse-cidr.ts';
import { resolveClientIp } from '../../src/engine/ip-filter/resolve-client-ip.ts';

const range = (text: string): IpRange => parseCidr(text)!.range;
const rules = (allow: string[], deny: string[] = []): IpRules => ({ allow: allow.map(range), deny: deny.map(range) });
const allowed = (address: string, given: IpRules): boolean => decideIpAccess(parseAddress(address)!, given).allowed;

test('CIDR ranges are normalised to network and prefix; bare addresses are single hosts', () => {
  assert.is(parseCidr('10.1.2.3/8')?.text, '10.0.0.0/8');
  assert.is(parseCidr(' 192.168.1.7 ')?.text, '192.168.1.7/32');
  assert.is(parseCidr('2001:DB8:0:0:1::5/32')?.text, '2001:db8::/32');
  assert.is(parseCidr('::1')?.text, '::1/128');
  assert.is(parseCidr('0.0.0.0/0')?.text, '0.0.0.0/0');
  assert.is(parseCidr('::ffff:10.0.0.0/104')?.text, '10.0.0.0/8', 'an IPv4-mapped range is the IPv4 range');
});

test('malformed ranges are refused, including the lenient forms some parsers accept', () => {
  for (const bad of ['', 'abc', '10.0.0.0/33', '2001:db8::/129', '300.1.1.1', '10.1', '0x0a.0.0.1', '10.0.0.0/', '10.0.0.0/8/8', '10.0.0.0/-1', 'fe80::1%eth0', '1.2.3.4/ 8']) {
    assert.is(parseCidr(bad), undefined, bad);
  }
});

test('deny wins over allow, in any scope', () => {
  const given = rules(['10.0.0.0/8'], ['10.0.0.5/32']);
  assert.ok(allowed('10.0.0.4', given));
  assert.not.ok(allowed('10.0.0.5', given));
  assert.equal(decideIpAccess(parseAddress('10.0.0.5')!, given), { allowed: false, reason: 'denied' });
});

test('with allow rules only matching addresses pass; without any, everything not denied passes', () => {
  const allowList = rules(['192.168.0.0/16', '2001:db8::/32']);
  assert.ok(allowed('192.168.44.1', allowList));
  assert.ok(allowed('2001:db8:1::9', allowList));
  assert.not.ok(allowed('8.8.8.8', allowList));
  assert.not.ok(allowed('2001:db9::1', allowList));
  assert.equal(decideIpAccess(parseAddress('8.8.8.8')!, allowList), { allowed: false, reason: 'not-allowed' });
  assert.ok(allowed('8.8.8.8', rules([], ['1.1.1.1'])));
});

test('IPv4 clients reaching an IPv6 socket (::ffff:a.b.c.d) match IPv4 rules; families never cross otherwise', () => {
  assert.ok(allowed('::ffff:10.9.8.7', rules(['10.0.0.0/8'])));
  assert.not.ok(allowed('10.9.8.7', rules(['::/0'])));
  assert.not.ok(allowed('::1', rules(['0.0.0.0/0'])));
});

test('X-Forwarded-For is ignored unless the peer is a trusted proxy', () => {
  assert.is(resolveClientIp('203.0.113.9', '1.2.3.4', [])?.toString(), '203.0.113.9');
  assert.is(resolveClientIp('203.0.113.9', '1.2.3.4', [range('10.0.0.0/8')])?.toString(), '203.0.113.9', 'an untrusted peer cannot claim another address');
  assert.is(resolveClientIp('::ffff:10.0.0.2', '1.2.3.4', [range('10.0.0.0/8')])?.toString(), '1.2.3.4');
});

test('through a chain of trusted proxies the client is the rightmost untrusted hop; a forged left part is never believed', () => {
  const trusted = [range('10.0.0.0/8')];
  // The client sent a forged header "6.6.6.6"; its real address was appended by the first proxy.
  assert.is(resolveClientIp('10.0.0.1', '6.6.6.6, 198.51.100.7, 10.0.0.9', trusted)?.toString(), '198.51.100.7');
  assert.is(resolveClientIp('10.0.0.1', ['198.51.100.7', '10.0.0.9'], trusted)?.toString(), '198.51.100.7', 'several header lines');
  assert.is(resolveClientIp('10.0.0.1', '10.0.0.3, 10.0.0.9', trusted)?.toString(), '10.0.0.3', 'all hops trusted: the leftmost');
  assert.is(resolveClientIp('10.0.0.1', 'garbage, 10.0.0.9', trusted)?.toString(), '10.0.0.9', 'an unreadable hop stops the walk');
});

test.run();
