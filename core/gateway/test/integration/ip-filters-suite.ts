/**
 * IP filtering on /v1: global and per-key allow and deny rules (deny wins), IPv4 and IPv6, the
 * trusted-proxies setting for X-Forwarded-For, 403 for refused addresses, managed over GraphQL.
 * Requests come from 127.0.0.1 (or ::1 over IPv6); X-Forwarded-For stands in for other clients.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startOpenAIFakeUpstream, type OpenAIFakeUpstream } from '../../../../plugins/provider-openai/test/fake-openai-upstream.ts';
import type { DatabaseTarget } from '../support/database-targets.ts';
import { getModels, postChat } from '../support/limit-helpers.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';

interface Context {
  fake: OpenAIFakeUpstream;
  harness: TestGateway;
  key: string;
  keyId: string;
}

const createFilter = 'mutation($input: CreateIpFilterInput!) { createIpFilter(input: $input) { id cidr action virtualKeyId } }';
const setProxies = 'mutation($list: [String!]!) { updateIpFilterSettings(input: { trustedProxies: $list }) { trustedProxies } }';

export function ipFiltersSuite(target: DatabaseTarget): void {
  const test = suite<Context>(`IP filters (${target.name})`);

  test.before(async (context) => {
    try {
      context.fake = await startOpenAIFakeUpstream();
      context.harness = await startTestGateway({ databaseUrl: await target.freshDatabaseUrl() });
      const { harness, fake } = context;
      const provider = await harness.createOpenAIProvider('fake', fake);
      await harness.createDeployment({ modelName: 'chat', providerId: provider, providerModel: 'gpt-4o-mini' });
      const key = await harness.createKey({ name: 'filtered' });
      context.key = key.key;
      context.keyId = key.id;
    } catch (error) {
      console.error(error);
      throw error;
    }
  });

  test.after(async ({ harness, fake }) => {
    await harness?.close();
    await fake?.close();
  });

  // Every test starts without rules or trusted proxies.
  test.after.each(async ({ harness }) => {
    const { ipFilters } = await harness.graphql<{ ipFilters: Array<{ id: string }> }>('{ ipFilters { id } }');
    for (const filter of ipFilters) await harness.graphql('mutation($id: ID!) { deleteIpFilter(id: $id) }', { id: filter.id });
    await harness.graphql(setProxies, { list: [] });
  });

  test('a global deny rule refuses the address with 403, before its key is even checked', async ({ harness, key }) => {
    await harness.graphql(createFilter, { input: { cidr: '127.0.0.0/8', action: 'DENY' } });
    const refused = await postChat(harness.url, key, {});
    assert.is(refused.status, 403);
    assert.is(refused.code, 'ip_not_allowed');
    assert.match(refused.message, /127\.0\.0\.1/);
    const badKey = await postChat(harness.url, 'ck-not-a-key', {});
    assert.is(badKey.status, 403, 'a refused address cannot try keys');
  });

  test('a global allow list admits its ranges only; deny wins inside it', async ({ harness, key }) => {
    await harness.graphql(createFilter, { input: { cidr: '10.0.0.0/8', action: 'ALLOW' } });
    assert.is((await postChat(harness.url, key, {})).status, 403, '127.0.0.1 is not in the allow list');
    await harness.graphql(createFilter, { input: { cidr: '127.0.0.1', action: 'ALLOW' } });
    assert.is((await postChat(harness.url, key, {})).status, 200);
    await harness.graphql(createFilter, { input: { cidr: '127.0.0.0/24', action: 'DENY' } });
    assert.is((await postChat(harness.url, key, {})).status, 403, 'deny wins');
  });

  test("a key's own rules apply to that key only", async ({ harness, key, keyId }) => {
    const other = await harness.createKey({ name: 'other' });
    await harness.graphql(createFilter, { input: { cidr: '192.0.2.0/24', action: 'ALLOW', virtualKeyId: keyId } });
    const refused = await postChat(harness.url, key, {});
    assert.is(refused.status, 403);
    assert.match(refused.message, /for this API key/);
    assert.is((await postChat(harness.url, other.key, {})).status, 200);
    const listed = await harness.graphql<{ virtualKey: { ipFilters: Array<{ cidr: string; action: string }> } }>(
      'query($id: ID!) { virtualKey(id: $id) { ipFilters { cidr action } } }',
      { id: keyId },
    );
    assert.equal(listed.virtualKey.ipFilters, [{ cidr: '192.0.2.0/24', action: 'ALLOW' }]);
  });

  test('X-Forwarded-For is believed only from trusted proxies', async ({ harness, key }) => {
    await harness.graphql(createFilter, { input: { cidr: '203.0.113.0/24', action: 'DENY' } });
    const forged = { 'x-forwarded-for': '203.0.113.50' };
    assert.is((await postChat(harness.url, key, {}, forged)).status, 200, 'not a trusted proxy: the header is ignored');
    const proxies = await harness.graphql<{ updateIpFilterSettings: { trustedProxies: string[] } }>(setProxies, { list: ['127.0.0.1', '::1'] });
    assert.equal(proxies.updateIpFilterSettings.trustedProxies, ['127.0.0.1/32', '::1/128']);
    const refused = await postChat(harness.url, key, {}, forged);
    assert.is(refused.status, 403);
    assert.match(refused.message, /203\.0\.113\.50/);
    assert.is((await postChat(harness.url, key, {}, { 'x-forwarded-for': '198.51.100.1' })).status, 200);
    // The client's own forged entry stays to the left of what the proxy appended.
    assert.is((await postChat(harness.url, key, {}, { 'x-forwarded-for': '203.0.113.50, 198.51.100.1' })).status, 200);
  });

  test('IPv6 rules match IPv6 clients', async ({ harness, key }) => {
    await harness.graphql(setProxies, { list: ['127.0.0.1'] });
    await harness.graphql(createFilter, { input: { cidr: '2001:db8::/32', action: 'DENY' } });
    assert.is((await postChat(harness.url, key, {}, { 'x-forwarded-for': '2001:db8:1::7' })).status, 403);
    assert.is((await postChat(harness.url, key, {}, { 'x-forwarded-for': '2001:db9::7' })).status, 200);
    assert.is((await getModels(harness.url, key, { 'x-forwarded-for': '2001:DB8::1' })).status, 403);
  });

  test('filters are updated and deleted over GraphQL, taking effect on the next request', async ({ harness, key }) => {
    const created = await harness.graphql<{ createIpFilter: { id: string } }>(createFilter, { input: { cidr: '127.0.0.1', action: 'DENY', description: 'me' } });
    const id = created.createIpFilter.id;
    assert.is((await postChat(harness.url, key, {})).status, 403);
    const updated = await harness.graphql<{ updateIpFilter: { cidr: string; enabled: boolean; description: string | null } }>(
      'mutation($id: ID!) { updateIpFilter(id: $id, input: { enabled: false, description: null }) { cidr enabled description } }',
      { id },
    );
    assert.equal(updated.updateIpFilter, { cidr: '127.0.0.1/32', enabled: false, description: null });
    assert.is((await postChat(harness.url, key, {})).status, 200);
    await harness.graphql('mutation($id: ID!) { updateIpFilter(id: $id, input: { enabled: true, cidr: "10.0.0.0/8" }) { id } }', { id });
    assert.is((await postChat(harness.url, key, {})).status, 200);
    assert.is((await harness.graphql<{ deleteIpFilter: boolean }>('mutation($id: ID!) { deleteIpFilter(id: $id) }', { id })).deleteIpFilter, true);
    const global = await harness.graphql<{ ipFilters: unknown[] }>('{ ipFilters(scope: GLOBAL) { id } }');
    assert.equal(global.ipFilters, []);
  });

  test('a malformed CIDR or an unknown key is refused naming the field, and nothing is created', async ({ harness, keyId }) => {
    for (const cidr of ['10.0.0.0/33', 'not-an-ip', '10.1', '2001:db8::/200']) {
      const { body } = await harness.graphqlRaw(createFilter, { input: { cidr, action: 'DENY' } });
      assert.is(body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', cidr);
      assert.is(body.errors?.[0]?.extensions?.field, 'input.cidr');
    }
    const unknownKey = await harness.graphqlRaw(createFilter, { input: { cidr: '10.0.0.0/8', action: 'DENY', virtualKeyId: 'nope' } });
    assert.is(unknownKey.body.errors?.[0]?.extensions?.field, 'input.virtualKeyId');
    const badProxy = await harness.graphqlRaw(setProxies, { list: ['10.0.0.0/8', 'bogus'] });
    assert.is(badProxy.body.errors?.[0]?.extensions?.field, 'input.trustedProxies.1');
    const action = await harness.graphqlRaw(createFilter, { input: { cidr: '10.0.0.0/8', action: 'MAYBE' } });
    assert.ok(action.body.errors?.length, 'an unknown action is refused');
    const all = await harness.graphql<{ ipFilters: unknown[] }>('query($id: ID!) { ipFilters(virtualKeyId: $id) { id } }', { id: keyId });
    assert.equal(all.ipFilters, []);
  });

  test.run();
}
