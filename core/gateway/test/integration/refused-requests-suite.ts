/**
 * Every answered /v1 request is in the request log, refusals included (a malformed body, an empty
 * `messages`, a 413, every 401 with the client address and the key's prefix, never the key); and an
 * address that fails authentication too often is refused with 403 for a while. Registered once per
 * database target.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startOpenAIFakeUpstream, type OpenAIFakeUpstream } from '../../../../plugins/provider-openai/test/fake-openai-upstream.ts';
import { postChat } from '../support/limit-helpers.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import type { DatabaseTarget } from '../support/database-targets.ts';

interface Logged {
  requestId: string;
  endpoint: string;
  status: number;
  errorCode: string | null;
  virtualKeyId: string | null;
  keyPrefix: string | null;
  clientIp: string | null;
}

const logsQuery = '{ requestLogs(first: 100) { edges { node { requestId endpoint status errorCode virtualKeyId keyPrefix clientIp } } } }';

export function refusedRequestsSuite(target: DatabaseTarget): void {
  const test = suite<{ fake: OpenAIFakeUpstream; harness: TestGateway; key: { key: string; id: string } }>(`refused requests are logged; failed authentications ban (${target.name})`);

  test.before(async (context) => {
    try {
      context.fake = await startOpenAIFakeUpstream();
      // A 1 MB body limit, so that a 413 is cheap to provoke.
      context.harness = await startTestGateway({ databaseUrl: await target.freshDatabaseUrl(), env: { CONDUIT_BODY_LIMIT_MB: '1' } });
      const provider = await context.harness.createOpenAIProvider('fake', context.fake);
      await context.harness.createDeployment({ modelName: 'chat', providerId: provider, providerModel: 'gpt-4o-mini' });
      context.key = await context.harness.createKey();
    } catch (error) {
      console.error(error);
      throw error;
    }
  });
  test.after(async ({ harness, fake }) => {
    await harness?.close();
    await fake?.close();
  });

  const send = (harness: TestGateway, body: string, headers: Record<string, string>, path = '/v1/chat/completions') =>
    fetch(`${harness.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const logged = async (harness: TestGateway, requestId: string): Promise<Logged | undefined> =>
    (await harness.graphql<{ requestLogs: { edges: Array<{ node: Logged }> } }>(logsQuery)).requestLogs.edges.map((edge) => edge.node).find((row) => row.requestId === requestId);

  test('a valid key\'s malformed body, empty messages and oversized body are answered and logged against the key', async ({ harness, key }) => {
    const bearer = { authorization: `Bearer ${key.key}` };
    // OpenAI answers a body it cannot parse with code null.
    const cases: Array<[string, string, number, string | null]> = [
      ['req-malformed', '{"model": "chat", "messages": [', 400, null],
      ['req-empty-messages', JSON.stringify({ model: 'chat', messages: [] }), 400, 'empty_array'],
      ['req-too-large', JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'x'.repeat(1_100_000) }] }), 413, 'request_too_large'],
    ];
    for (const [requestId, body, status, code] of cases) {
      const response = await send(harness, body, { ...bearer, 'x-request-id': requestId });
      assert.is(response.status, status, requestId);
      const row = await logged(harness, requestId);
      assert.ok(row, `${requestId} is in the request log`);
      assert.equal([row.endpoint, row.status, row.errorCode, row.virtualKeyId, row.keyPrefix], ['chat/completions', status, code, key.id, null], requestId);
    }
  });

  test('every 401 is logged with the client address and the presented key\'s prefix, never the key', async ({ harness }) => {
    const wrongKey = 'ck-WrongKeyWrongKeyWrongKeyWrongKeyWrongKey12';
    await harness.graphql('mutation { updateIpFilterSettings(input: { authFailureLimit: null }) { authFailureLimit } }');
    const missing = await send(harness, '{}', { 'x-request-id': 'req-no-key' });
    const wrong = await send(harness, '{}', { 'x-request-id': 'req-wrong-key', authorization: `Bearer ${wrongKey}` });
    const models = await fetch(`${harness.url}/v1/models`, { headers: { 'x-request-id': 'req-models-wrong-key', 'x-api-key': wrongKey } });
    assert.equal([missing.status, wrong.status, models.status], [401, 401, 401]);
    const [noKey, wrongRow, modelsRow] = [await logged(harness, 'req-no-key'), await logged(harness, 'req-wrong-key'), await logged(harness, 'req-models-wrong-key')];
    assert.equal(
      [noKey, wrongRow, modelsRow].map((row) => row && [row.endpoint, row.status, row.errorCode, row.keyPrefix, row.clientIp, row.virtualKeyId]),
      [
        ['chat/completions', 401, 'missing_api_key', null, '127.0.0.1', null],
        ['chat/completions', 401, 'invalid_api_key', 'ck-WrongK', '127.0.0.1', null],
        ['models', 401, 'invalid_api_key', 'ck-WrongK', '127.0.0.1', null],
      ],
    );
    const everything = JSON.stringify(await harness.graphql(logsQuery.replace('clientIp', 'clientIp errorMessage model')));
    assert.not.ok(everything.includes(wrongKey.slice(0, 12)), 'no more of the key than its prefix is stored');
  });

  test('an unknown /v1 URL is logged too', async ({ harness, key }) => {
    const response = await send(harness, '{}', { authorization: `Bearer ${key.key}`, 'x-request-id': 'req-unknown-url' }, '/v1/no/such/thing');
    assert.is(response.status, 404);
    const row = await logged(harness, 'req-unknown-url');
    assert.equal(row && [row.endpoint, row.status, row.errorCode], ['unknown', 404, 'unknown_url']);
  });

  test('after the limit of failed authentications an address gets 403 for the ban, even with a valid key, then is served again', async ({ harness, key, fake }) => {
    const settings = await harness.graphql<{ updateIpFilterSettings: Record<string, unknown> }>(
      'mutation { updateIpFilterSettings(input: { authFailureLimit: 3, authFailureWindowSeconds: 60, authBanSeconds: 1 }) { authFailureLimit authFailureWindowSeconds authBanSeconds trustedProxies } }',
    );
    assert.equal(settings.updateIpFilterSettings, { authFailureLimit: 3, authFailureWindowSeconds: 60, authBanSeconds: 1, trustedProxies: [] });
    for (let attempt = 1; attempt <= 3; attempt++) {
      const reply = await postChat(harness.url, `ck-guess-${attempt}-000000000000000000000000000000`, {});
      assert.is(reply.status, 401, `guess ${attempt} is answered 401`);
    }
    fake.enqueue({ type: 'message', text: 'ok', finish: 'stop', usage: { input: 1, output: 1 } });
    const refused = await postChat(harness.url, key.key, {}, { 'x-request-id': 'req-banned' });
    assert.equal([refused.status, refused.code], [403, 'ip_banned']);
    assert.is(refused.headers.get('retry-after'), '1');
    assert.match(refused.message, /Too many failed authentications from 127\.0\.0\.1/);
    assert.equal((await logged(harness, 'req-banned'))?.status, 403, 'the refusal is logged');
    // The ban is a duration: nothing to await but time.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    assert.is((await postChat(harness.url, key.key, {})).status, 200, 'served again once the ban ended');
    await harness.graphql('mutation { updateIpFilterSettings(input: { authFailureLimit: null }) { authFailureLimit } }');
  });

  test.run();
}
