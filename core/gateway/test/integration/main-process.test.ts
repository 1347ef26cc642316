/**
 * The gateway as `npm start` runs it: generated secrets, configuration errors, graceful shutdown
 * that finishes streams and flushes request logs, and CONDUIT_WORKERS under node:cluster.
 */
import { readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Sequelize } from 'sequelize';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import OpenAI from 'openai';
import { startOpenAIFakeUpstream, type OpenAIFakeUpstream } from '../../../../plugins/provider-openai/test/fake-openai-upstream.ts';
import { freePort, makeTempDir, startRedis, type RedisServer } from '../../../../test/support/services.ts';
import { killRunningGateways, spawnGateway, waitUntilReady, type GatewayProcess } from '../support/gateway-process.ts';

const test = suite<{ fake: OpenAIFakeUpstream }>('the gateway process');
const redis: RedisServer | null = await startRedis();

test.before(async (context) => {
  context.fake = await startOpenAIFakeUpstream();
});
test.after(async ({ fake }) => {
  await killRunningGateways();
  await fake?.close();
  await redis?.stop();
});

async function graphql(gateway: GatewayProcess, masterKey: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${masterKey}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data: any; errors?: Array<{ message: string }> };
  if (body.errors) throw new Error(body.errors.map((error) => error.message).join('; '));
  return body.data;
}

async function configure(gateway: GatewayProcess, masterKey: string, fake: OpenAIFakeUpstream): Promise<string> {
  const provider = await graphql(gateway, masterKey, 'mutation($input: CreateProviderInput!) { createProvider(input: $input) { id } }', {
    input: { name: 'fake', type: 'openai', baseUrl: fake.provider.baseUrl, apiKey: fake.provider.credentials.apiKey },
  });
  await graphql(gateway, masterKey, 'mutation($input: CreateModelDeploymentInput!) { createModelDeployment(input: $input) { id } }', {
    input: { modelName: 'chat', providerId: provider.createProvider.id, providerModel: 'gpt-4o-mini' },
  });
  const key = await graphql(gateway, masterKey, 'mutation { createVirtualKey(input: { name: "process" }) { key } }');
  return key.createVirtualKey.key;
}

test('first start generates a master key, stores it with mode 0600 and prints it once', async () => {
  const dataDir = makeTempDir('main-process');
  const first = spawnGateway({ PORT: String(await freePort()), CONDUIT_DATA_DIR: dataDir });
  await waitUntilReady(first);
  const masterKey = (await readFile(path.join(dataDir, 'master.key'), 'utf8')).trim();
  assert.is(statSync(path.join(dataDir, 'master.key')).mode & 0o777, 0o600);
  assert.is(statSync(path.join(dataDir, 'encryption.key')).mode & 0o777, 0o600);
  assert.is(first.output().split(masterKey).length - 1, 1, 'the key is printed exactly once');
  assert.ok(readdirSync(dataDir).includes('conduit.sqlite'));
  assert.is(await first.stop(), 0);

  const second = spawnGateway({ PORT: String(await freePort()), CONDUIT_DATA_DIR: dataDir });
  await waitUntilReady(second);
  assert.not.ok(second.output().includes(masterKey), 'a restart does not print the key again');
  const ok = await fetch(`${second.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${masterKey}` },
    body: JSON.stringify({ query: '{ virtualKeys { id } }' }),
  });
  assert.is(ok.status, 200);
  assert.is(await second.stop(), 0);
});

test('a bad configuration value stops the start with a message naming the variable', async () => {
  for (const [env, name] of [
    [{ PORT: 'eighty' }, 'PORT'],
    [{ DATABASE_URL: 'postgres://nope/db' }, 'DATABASE_URL'],
    [{ CONDUIT_WORKERS: '2' }, 'REDIS_URL'],
    [{ CONDUIT_PLUGINS: '/no/such/plugins.json' }, 'CONDUIT_PLUGINS'],
  ] as const) {
    const gateway = spawnGateway({ CONDUIT_DATA_DIR: makeTempDir('bad-config'), ...({ PORT: '0' } as Record<string, string>), ...env });
    const code = await gateway.exited;
    assert.is(code, 1, JSON.stringify(env));
    assert.match(gateway.output(), name);
  }
});

test('SIGTERM lets an in-flight stream finish, flushes the request log, then exits 0', async ({ fake }) => {
  fake.reset();
  const dataDir = makeTempDir('drain');
  const gateway = spawnGateway({ PORT: String(await freePort()), CONDUIT_DATA_DIR: dataDir, CONDUIT_MASTER_KEY: 'drain-test-master-key-123456' });
  await waitUntilReady(gateway);
  const key = await configure(gateway, 'drain-test-master-key-123456', fake);
  const client = new OpenAI({ apiKey: key, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
  fake.enqueue({ type: 'message', text: 'one two three four five six', finish: 'stop', usage: { input: 3, output: 6 }, pieces: 6 });
  fake.setChunkDelay(150);
  const stream = await client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'x' }], stream: true });
  let text = '';
  let signalled = false;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta.content ?? '';
    if (!signalled && text) {
      signalled = true;
      gateway.child.kill('SIGTERM');
      // Readiness turns false while draining; new requests are not accepted.
      const ready = await fetch(`${gateway.url}/health/ready`).catch(() => undefined);
      assert.ok(ready === undefined || ready.status === 503);
    }
  }
  assert.is(text, 'one two three four five six');
  assert.is(await gateway.exited, 0);
  fake.setChunkDelay(0);

  const sequelize = new Sequelize({ dialect: 'sqlite', storage: path.join(dataDir, 'conduit.sqlite'), logging: false });
  const [rows] = await sequelize.query("SELECT status, completion_tokens FROM request_logs WHERE endpoint = 'chat/completions'");
  await sequelize.close();
  assert.equal(rows, [{ status: 200, completion_tokens: 6 }]);
});

const clusterStartMs = 90_000;

if (redis) test('CONDUIT_WORKERS=2 serves from two workers and replaces one that dies', async ({ fake }) => {
  fake.reset();
  const gateway = spawnGateway({
    PORT: String(await freePort()),
    CONDUIT_DATA_DIR: makeTempDir('workers'),
    CONDUIT_WORKERS: '2',
    CONDUIT_WORKER_RESTART_SECONDS: '0.05',
    REDIS_URL: redis.url,
    CONDUIT_MASTER_KEY: 'workers-test-master-key-123456',
  });
  // Two workers compiling TypeScript on a busy 2-core machine can take a while.
  await waitUntilReady(gateway, clusterStartMs);
  const children = async (): Promise<number[]> => {
    const text = await readFile(`/proc/${gateway.child.pid}/task/${gateway.child.pid}/children`, 'utf8').catch(() => '');
    return text.trim().split(/\s+/).filter(Boolean).map(Number);
  };
  const deadline = Date.now() + 20_000;
  while ((await children()).length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  const workers = await children();
  assert.is(workers.length, 2);

  const key = await configure(gateway, 'workers-test-master-key-123456', fake);
  const client = new OpenAI({ apiKey: key, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
  for (let i = 0; i < 6; i++) await client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'x' }] });

  process.kill(workers[0]!, 'SIGKILL');
  const replaced = Date.now() + 20_000;
  let now = await children();
  while ((now.length < 2 || now.includes(workers[0]!)) && Date.now() < replaced) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    now = await children();
  }
  assert.is(now.length, 2);
  assert.not.ok(now.includes(workers[0]!));
  await waitUntilReady(gateway, clusterStartMs);
  await client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'x' }] });
  assert.is(await gateway.stop(), 0);
});

test.run();
