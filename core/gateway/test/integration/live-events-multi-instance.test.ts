/**
 * Two gateway processes on one MariaDB and one Redis: subscribers on instance A (graphql-ws and SSE)
 * receive requestLogged for a request served by instance B within 1 s, configChanged for a mutation
 * made on B, liveStats merged from both instances, and a token revoked on A ending the subscriptions
 * it holds open on B (graphql-ws closed with 4401, SSE ended with an error).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startOpenAIFakeUpstream, type OpenAIFakeUpstream } from '../../../../plugins/provider-openai/test/fake-openai-upstream.ts';
import { freePort, makeTempDir, startMariaDb, startRedis } from '../../../../test/support/services.ts';
import { spawnGateway, waitUntilReady, type GatewayProcess } from '../support/gateway-process.ts';
import { eventually, getModels, postChat } from '../support/limit-helpers.ts';
import { sseSubscribe, wsSubscriber } from '../support/admin-subscribers.ts';

const masterKey = 'live-events-master-key-0123456789';
const bearer = `Bearer ${masterKey}`;

const mariadb = await startMariaDb();
const redis = await startRedis();

interface Context {
  fake: OpenAIFakeUpstream;
  a: GatewayProcess;
  b: GatewayProcess;
  key: { key: string; id: string };
}

async function graphql<T>(gateway: GatewayProcess, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: bearer },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data: T; errors?: Array<{ message: string }> };
  if (body.errors) throw new Error(body.errors.map((error) => error.message).join('; '));
  return body.data;
}

if (mariadb && redis) {
  const test = suite<Context>('live events across two gateway processes on one Redis');

  test.before(async (context) => {
    context.fake = await startOpenAIFakeUpstream();
    const databaseUrl = await mariadb.createDatabase('conduit_live_events');
    const start = async (): Promise<GatewayProcess> => {
      const gateway = spawnGateway({
        PORT: String(await freePort()),
        HOST: '127.0.0.1',
        CONDUIT_DATA_DIR: makeTempDir('live-events'),
        CONDUIT_MASTER_KEY: masterKey,
        CONDUIT_ENCRYPTION_KEY: 'live-events-encryption-key-0123456789',
        DATABASE_URL: databaseUrl,
        REDIS_URL: redis.url,
      });
      await waitUntilReady(gateway);
      return gateway;
    };
    context.a = await start();
    context.b = await start();
    const provider = await graphql<{ createProvider: { id: string } }>(context.a, 'mutation($input: CreateProviderInput!) { createProvider(input: $input) { id } }', {
      input: { name: 'fake', type: 'openai', baseUrl: context.fake.provider.baseUrl, apiKey: context.fake.provider.credentials.apiKey },
    });
    await graphql(context.a, 'mutation($input: CreateModelDeploymentInput!) { createModelDeployment(input: $input) { id } }', {
      input: { modelName: 'chat', providerId: provider.createProvider.id, providerModel: 'gpt-4o-mini' },
    });
    const created = await graphql<{ createVirtualKey: { key: string; virtualKey: { id: string } } }>(
      context.a,
      'mutation { createVirtualKey(input: { name: "live" }) { key virtualKey { id } } }',
    );
    context.key = { key: created.createVirtualKey.key, id: created.createVirtualKey.virtualKey.id };
    await eventually(
      () => getModels(context.b.url, context.key.key),
      (reply) => JSON.stringify(reply.body).includes('"chat"'),
    );
  });

  test.after(async ({ a, b, fake }) => {
    await Promise.all([a?.stop(), b?.stop()]);
    await fake?.close();
    await redis.stop();
    await mariadb.stop();
  });

  test('subscribers on A over graphql-ws and SSE receive requestLogged for a request served by B within 1 s', async ({ a, b, key }) => {
    const query = 'subscription($id: ID) { requestLogged(virtualKeyId: $id) { requestId model status } }';
    const ws = wsSubscriber(a.url, bearer);
    const overWs = ws.subscribe<{ requestLogged: { requestId: string; model: string; status: number } }>(query, { id: key.id });
    const overSse = sseSubscribe<{ requestLogged: { requestId: string; model: string; status: number } }>(a.url, bearer, query, { id: key.id });
    await ws.connected;
    // Subscribed once a request logged now arrives: Redis subscriptions take a moment to register.
    await eventually(
      async () => {
        await postChat(b.url, key.key, {});
        return overWs.results.length > 0 && overSse.results.length > 0;
      },
      (ready) => ready,
    );
    const sent = Date.now();
    const reply = await postChat(b.url, key.key, {});
    assert.is(reply.status, 200);
    const requestId = reply.headers.get('x-request-id');
    assert.ok(requestId);
    const match = (result: { data?: { requestLogged: { requestId: string } } | null }) => result.data?.requestLogged.requestId === requestId;
    const [fromWs, fromSse] = await Promise.all([overWs.next(match, 1000), overSse.next(match, 1000)]);
    assert.ok(Date.now() - sent < 1500, 'delivered within a second of the answer');
    assert.is(fromWs.data!.requestLogged.model, 'chat');
    assert.is(fromSse.data!.requestLogged.status, 200);
    await overSse.stop();
    await ws.dispose();
  });

  test('a mutation on B reaches a configChanged subscriber on A', async ({ a, b }) => {
    const ws = wsSubscriber(a.url, bearer);
    const changes = ws.subscribe<{ configChanged: { entity: string; id: string; action: string } }>('subscription { configChanged { entity id action } }');
    await ws.connected;
    let id = '';
    const event = await eventually(
      async () => {
        const created = await graphql<{ createKeyGroup: { id: string } }>(b, 'mutation($input: CreateKeyGroupInput!) { createKeyGroup(input: $input) { id } }', {
          input: { name: `group-${Date.now()}-${Math.random()}` },
        });
        id = created.createKeyGroup.id;
        return changes.next((result) => result.data?.configChanged.id === id, 1000).catch(() => null);
      },
      (result) => result !== null,
    );
    assert.equal(event!.data!.configChanged, { entity: 'keyGroup', id, action: 'create' });
    await ws.dispose();
  });

  test('a token revoked on A ends its open subscriptions on B, over graphql-ws and SSE', async ({ a, b }) => {
    const created = await graphql<{ createAdminToken: { token: string; adminToken: { id: string } } }>(
      a,
      'mutation { createAdminToken(input: { name: "revoked elsewhere", role: VIEWER }) { token adminToken { id } } }',
    );
    const token = `Bearer ${created.createAdminToken.token}`;
    const ws = wsSubscriber(b.url, token);
    ws.subscribe('subscription { configChanged { entity } }');
    await ws.connected;
    const sse = sseSubscribe(b.url, token, 'subscription { configChanged { entity id } }');
    // Both subscriptions are open on B once they hear of a change made on B.
    await graphql(b, 'mutation { createKeyGroup(input: { name: "before the revocation" }) { id } }');
    await sse.next((result) => result.data !== undefined, 5000);

    const started = Date.now();
    await graphql(a, 'mutation($id: ID!) { revokeAdminToken(id: $id) { active } }', { id: created.createAdminToken.adminToken.id });
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('B kept the subscriptions open')), 5000).unref());
    const [closed] = await Promise.race([Promise.all([ws.closed, sse.ended]), timeout]);
    assert.is(closed.code, 4401);
    assert.match(closed.reason, /revoked/);
    assert.is(sse.results.at(-1)?.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
    assert.ok(Date.now() - started < 2000, `ended within 2 s (${Date.now() - started} ms)`);
    await ws.dispose();
  });

  test('liveStats on A merges both instances', async ({ a }) => {
    const ws = wsSubscriber(a.url, bearer);
    const stats = ws.subscribe<{ liveStats: { instances: number } }>('subscription { liveStats(intervalSeconds: 2) { instances requestsPerSecond } }');
    const both = await stats.next((result) => result.data?.liveStats.instances === 2, 10_000);
    assert.is(both.data!.liveStats.instances, 2);
    await ws.dispose();
  });

  test.run();
}
