/**
 * Three gateway processes sharing one MariaDB and one Redis (real servers started here), configured
 * over GraphQL on one of them, with requests spread round-robin: budgets, RPM and parallel limits
 * hold across the three exactly as on one; a change made on one instance reaches the others; spend
 * is durable in the database and rebuilt into Redis after Redis loses it.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Redis } from 'ioredis';
import { createConnection } from 'mysql2/promise';
import { startOpenAIFakeUpstream, type OpenAIFakeUpstream } from '../../../../plugins/provider-openai/test/fake-openai-upstream.ts';
import { freePort, makeTempDir, startMariaDb, startRedis } from '../../../../test/support/services.ts';
import { countTokens } from '../../src/engine/usage/count-tokens.ts';
import { killRunningGateways, spawnGateway, waitUntilReady, type GatewayProcess } from '../support/gateway-process.ts';
import { count, eventually, getModels, postChat } from '../support/limit-helpers.ts';

const masterKey = 'multi-instance-master-key-0123456789';
const reservation = countTokens('hi', 'gpt-4o-mini') + 10;

// Both servers start before any suite is registered, so uvu runs everything in one pass.
const mariadb = await startMariaDb();
const redis = await startRedis();

interface Context {
  fake: OpenAIFakeUpstream;
  gateways: GatewayProcess[];
  databaseUrl: string;
}

async function graphql<T>(gateway: GatewayProcess, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${masterKey}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data: T; errors?: Array<{ message: string }> };
  if (body.errors) throw new Error(body.errors.map((error) => error.message).join('; '));
  return body.data;
}

async function createKey(gateway: GatewayProcess, input: Record<string, unknown>): Promise<{ key: string; id: string }> {
  const data = await graphql<{ createVirtualKey: { key: string; virtualKey: { id: string } } }>(
    gateway,
    'mutation($input: CreateVirtualKeyInput!) { createVirtualKey(input: $input) { key virtualKey { id } } }',
    { input: { name: 'shared', ...input } },
  );
  return { key: data.createVirtualKey.key, id: data.createVirtualKey.virtualKey.id };
}

if (mariadb && redis) {
  const test = suite<Context>('three gateway processes, one MariaDB, one Redis');

  test.before(async (context) => {
    try {
      context.fake = await startOpenAIFakeUpstream();
      context.databaseUrl = await mariadb.createDatabase('conduit_multi_instance');
      const start = async (): Promise<GatewayProcess> => {
        const gateway = spawnGateway({
          PORT: String(await freePort()),
          HOST: '127.0.0.1',
          CONDUIT_DATA_DIR: makeTempDir('multi-instance'),
          CONDUIT_MASTER_KEY: masterKey,
          CONDUIT_ENCRYPTION_KEY: 'multi-instance-encryption-key-0123456789',
          DATABASE_URL: context.databaseUrl,
          REDIS_URL: redis.url,
        });
        await waitUntilReady(gateway);
        return gateway;
      };
      // The first migrates the empty database; the other two start on the migrated one.
      const first = await start();
      context.gateways = [first, ...(await Promise.all([start(), start()]))];

      const { fake } = context;
      const provider = await graphql<{ createProvider: { id: string } }>(first, 'mutation($input: CreateProviderInput!) { createProvider(input: $input) { id } }', {
        input: { name: 'fake', type: 'openai', baseUrl: fake.provider.baseUrl, apiKey: fake.provider.credentials.apiKey },
      });
      await graphql(first, 'mutation($input: CreateModelDeploymentInput!) { createModelDeployment(input: $input) { id } }', {
        input: { modelName: 'chat', providerId: provider.createProvider.id, providerModel: 'gpt-4o-mini' },
      });
      await graphql(first, 'mutation { createModelCost(input: { model: "chat", inputPerMillion: 1000000, outputPerMillion: 1000000 }) { id } }');
      // Configured on the first instance: every instance serves the model once the change reached it.
      const probe = await createKey(first, { name: 'probe' });
      for (const gateway of context.gateways) {
        const models = await eventually(
          () => getModels(gateway.url, probe.key),
          (reply) => JSON.stringify(reply.body).includes('"chat"'),
        );
        assert.ok(JSON.stringify(models.body).includes('"chat"'), `${gateway.url} serves the model configured on another instance`);
      }
    } catch (error) {
      console.error(error);
      throw error;
    }
  });

  test.after(async ({ fake, gateways }) => {
    await Promise.all((gateways ?? []).map((gateway) => gateway.stop()));
    // A before() that failed midway left its gateways out of the context, and running.
    await killRunningGateways();
    await fake?.close();
    await redis.stop();
    await mariadb.stop();
  });

  test.before.each(({ fake }) => {
    fake.reset();
  });

  const roundRobin = <T>(gateways: GatewayProcess[], total: number, send: (gateway: GatewayProcess) => Promise<T>): Promise<T[]> =>
    Promise.all(Array.from({ length: total }, (_unused, index) => send(gateways[index % gateways.length]!)));

  test('a budget with room for two admits two of 20 concurrent requests across the three, and spend stays within it', async ({ fake, gateways }) => {
    const maxBudget = reservation * 2.5;
    const { key, id } = await createKey(gateways[0]!, { maxBudget, budgetPeriod: 'MONTHLY' });
    for (let i = 0; i < 20; i++) fake.enqueue({ type: 'message', text: 'ok', finish: 'stop', usage: { input: 3, output: 4 } });
    fake.setDelay(500);
    const replies = await roundRobin(gateways, 20, (gateway) => postChat(gateway.url, key, {}));
    assert.is(count(replies, (reply) => reply.status === 200), 2);
    assert.is(count(replies, (reply) => reply.code === 'budget_exceeded'), 18);

    const read = () =>
      graphql<{ virtualKey: { spendThisPeriod: number; reserved: number } }>(gateways[1]!, 'query($id: ID!) { virtualKey(id: $id) { spendThisPeriod reserved } }', { id });
    const settled = await eventually(read, (state) => state.virtualKey.reserved === 0 && state.virtualKey.spendThisPeriod === 14);
    assert.equal(settled.virtualKey, { spendThisPeriod: 14, reserved: 0 });

    fake.setDelay(0);
    const more = [];
    for (let i = 0; i < 3; i++) more.push(await postChat(gateways[i]!.url, key, {}));
    assert.equal(more.map((reply) => reply.status), [200, 429, 429], 'one more fits: 21 of 27.5');
    const final = await eventually(read, (state) => state.virtualKey.spendThisPeriod === 21);
    assert.ok(final.virtualKey.spendThisPeriod <= maxBudget);
  });

  test('RPM is exact across the three: each instance sees the others’ requests', async ({ gateways }) => {
    const sequential = await createKey(gateways[0]!, { rpm: 5 });
    const remaining = [];
    for (let i = 0; i < 6; i++) {
      const reply = await postChat(gateways[i % 3]!.url, sequential.key, {});
      remaining.push(reply.status === 200 ? reply.headers.get('x-ratelimit-remaining-requests') : reply.code);
    }
    assert.equal(remaining, ['4', '3', '2', '1', '0', 'rate_limit_exceeded']);

    const burst = await createKey(gateways[1]!, { rpm: 7 });
    const replies = await roundRobin(gateways, 21, (gateway) => postChat(gateway.url, burst.key, {}));
    assert.is(count(replies, (reply) => reply.status === 200), 7);
    assert.is(count(replies, (reply) => reply.code === 'rate_limit_exceeded'), 14);
  });

  test('maxParallel is exact across the three', async ({ fake, gateways }) => {
    const { key } = await createKey(gateways[2]!, { maxParallel: 2 });
    fake.setDelay(500);
    const replies = await roundRobin(gateways, 9, (gateway) => postChat(gateway.url, key, {}));
    assert.is(count(replies, (reply) => reply.status === 200), 2);
    assert.is(count(replies, (reply) => reply.code === 'rate_limit_exceeded'), 7);
    fake.setDelay(0);
    const after = await roundRobin(gateways, 2, (gateway) => postChat(gateway.url, key, {}));
    assert.equal(after.map((reply) => reply.status), [200, 200], 'slots were freed by the instances that held them');
  });

  test('a key disabled on one instance is refused by the others', async ({ gateways }) => {
    const { key, id } = await createKey(gateways[0]!, { name: 'roaming' });
    for (const gateway of gateways) assert.is((await postChat(gateway.url, key, {})).status, 200, 'cached on every instance');
    await graphql(gateways[0]!, 'mutation($id: ID!) { updateVirtualKey(id: $id, input: { enabled: false }) { id } }', { id });
    assert.is((await postChat(gateways[0]!.url, key, {})).code, 'key_disabled', 'at once where it was changed');
    for (const gateway of gateways.slice(1)) {
      const reply = await eventually(() => postChat(gateway.url, key, {}), (answer) => answer.code === 'key_disabled', 2_000);
      assert.is(reply.code, 'key_disabled', `${gateway.url} heard of the change`);
    }
  });

  test('permissions taken away on one instance are refused by the others, and given back', async ({ gateways }) => {
    const { key, id } = await createKey(gateways[0]!, { name: 'permitted' });
    for (const gateway of gateways) assert.is((await postChat(gateway.url, key, {})).status, 200, 'cached on every instance');
    await graphql(gateways[0]!, 'mutation($id: ID!) { updateVirtualKey(id: $id, input: { permissions: [AUDIO_SPEECH] }) { id } }', { id });
    assert.is((await postChat(gateways[0]!.url, key, {})).code, 'permission_denied', 'at once where it was changed');
    for (const gateway of gateways.slice(1)) {
      const reply = await eventually(() => postChat(gateway.url, key, {}), (answer) => answer.code === 'permission_denied', 2_000);
      assert.is(reply.status, 403, `${gateway.url} heard of the change`);
    }
    await graphql(gateways[1]!, 'mutation($id: ID!) { updateVirtualKey(id: $id, input: { permissions: [CHAT, AUDIO_SPEECH] }) { id } }', { id });
    for (const gateway of gateways) {
      const reply = await eventually(() => postChat(gateway.url, key, {}), (answer) => answer.status === 200, 2_000);
      assert.is(reply.status, 200, `${gateway.url} allows chat again`);
    }
  });

  test('spend is durable in MariaDB and rebuilt into Redis after Redis is emptied', async ({ fake, gateways, databaseUrl }) => {
    const { key, id } = await createKey(gateways[0]!, { maxBudget: reservation * 2.5, budgetPeriod: 'DAILY' });
    for (let i = 0; i < 3; i++) fake.enqueue({ type: 'message', text: 'ok', finish: 'stop', usage: { input: 3, output: 4 } });
    for (let i = 0; i < 3; i++) assert.is((await postChat(gateways[i]!.url, key, {})).status, 200);

    const database = await createConnection(databaseUrl);
    try {
      const durable = await eventually(
        async () => {
          const [rows] = await database.query("SELECT SUM(spend_nanos) AS spend FROM spend_periods WHERE scope_kind = 'key' AND scope_id = ? AND period_key LIKE 'd:%'", [id]);
          return Number((rows as Array<{ spend: number | string | null }>)[0]?.spend ?? 0);
        },
        (spend) => spend === 21e9,
      );
      assert.is(durable, 21e9, 'every instance wrote its spend, in nano-dollars');
    } finally {
      await database.end();
    }

    const admin = new Redis(redis.url);
    await admin.flushall();
    admin.disconnect();
    for (const gateway of gateways) {
      const reply = await postChat(gateway.url, key, {});
      assert.is(reply.code, 'budget_exceeded', `${gateway.url}: 21 spent + 11 does not fit 27.5, rebuilt from the database`);
    }
    const state = await graphql<{ virtualKey: { spendThisPeriod: number; reserved: number } }>(
      gateways[2]!,
      'query($id: ID!) { virtualKey(id: $id) { spendThisPeriod reserved } }',
      { id },
    );
    assert.equal(state.virtualKey, { spendThisPeriod: 21, reserved: 0 });
  });

  test.run();
} else {
  await mariadb?.stop();
  await redis?.stop();
  suite('three gateway processes').run();
}
