/**
 * A configuration change whose event is lost still reaches every instance: two gateway processes
 * on one MariaDB, where the one configured over GraphQL (A) runs without Redis, so its change events
 * never leave its process, and the other (B) listens on Redis for events that never come. B applies
 * the change within its configuration check interval, from the versions in the database; a stream
 * B is relaying through a provider whose record changes meanwhile completes intact.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import OpenAI from 'openai';
import { startOpenAIFakeUpstream, type OpenAIFakeUpstream } from '../../../../plugins/provider-openai/test/fake-openai-upstream.ts';
import { freePort, makeTempDir, startMariaDb, startRedis } from '../../../../test/support/services.ts';
import { spawnGateway, waitUntilReady, type GatewayProcess } from '../support/gateway-process.ts';

const masterKey = 'config-versions-master-key-0123456789';
const checkSeconds = 0.5;
const mariaDb = await startMariaDb();
const redis = await startRedis();
if (!mariaDb || !redis) throw new Error('these tests need MariaDB and Redis installed');

interface Context {
  first: OpenAIFakeUpstream;
  second: OpenAIFakeUpstream;
  a: GatewayProcess;
  b: GatewayProcess;
}
const test = suite<Context>('configuration versions');
let debugOutput = (): string => '';

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

/** Polls `probe` until it returns true; resolves with the time it took. */
async function within(ms: number, what: string, probe: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await probe())) {
    if (Date.now() - started > ms) throw new Error(`${what} did not happen within ${ms} ms\n${debugOutput()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Date.now() - started;
}

test.before(async (context) => {
  context.first = await startOpenAIFakeUpstream();
  context.second = await startOpenAIFakeUpstream();
  const databaseUrl = await mariaDb.createDatabase('conduit_config_versions');
  const common = { CONDUIT_LOG_LEVEL: 'info', HOST: '127.0.0.1', DATABASE_URL: databaseUrl, CONDUIT_MASTER_KEY: masterKey, CONDUIT_ENCRYPTION_KEY: 'config-versions-encryption-key-0123456789', CONDUIT_CONFIG_CHECK_SECONDS: String(checkSeconds) };
  context.a = spawnGateway({ ...common, PORT: String(await freePort()), CONDUIT_DATA_DIR: makeTempDir('versions-a') });
  await waitUntilReady(context.a);
  context.b = spawnGateway({ ...common, PORT: String(await freePort()), CONDUIT_DATA_DIR: makeTempDir('versions-b'), REDIS_URL: redis.url });
  await waitUntilReady(context.b);
  debugOutput = () => context.b.output().split('\n').filter((line) => !line.includes('"request"')).slice(-30).join('\n');
});

test.after(async (context) => {
  await Promise.all([context.a?.stop(), context.b?.stop()]);
  await Promise.all([context.first?.close(), context.second?.close()]);
  await Promise.all([mariaDb.stop(), redis.stop()]);
});

test('a change with no event reaches the other instance within the check interval; a live stream through the changed provider completes', async ({ a, b, first, second }) => {
  const provider = await graphql<{ createProvider: { id: string } }>(a, 'mutation($input: CreateProviderInput!) { createProvider(input: $input) { id } }', {
    input: { name: 'shared', type: 'openai', baseUrl: first.provider.baseUrl, apiKey: first.provider.credentials.apiKey },
  });
  const providerId = provider.createProvider.id;
  await graphql(a, 'mutation($input: CreateModelDeploymentInput!) { createModelDeployment(input: $input) { id } }', {
    input: { modelName: 'chat', providerId, providerModel: 'gpt-4o-mini' },
  });
  const created = await graphql<{ createVirtualKey: { key: string } }>(a, 'mutation { createVirtualKey(input: { name: "versions" }) { key } }');
  const onB = new OpenAI({ apiKey: created.createVirtualKey.key, baseURL: `${b.url}/v1`, maxRetries: 0 });

  const tookMs = await within(checkSeconds * 1000 * 4, 'B serving the deployment created on A', async () => {
    const models = await onB.models.list().catch(() => undefined);
    return models?.data.some((model) => model.id === 'chat') ?? false;
  });
  assert.ok(tookMs <= checkSeconds * 1000 * 3, `took ${tookMs} ms`);
  first.enqueue({ type: 'message', text: 'from the first', finish: 'stop', usage: { input: 1, output: 3 } });
  const answer = await onB.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'x' }] });
  assert.is(answer.choices[0]?.message.content, 'from the first');

  // A stream through the provider, then its record changes (A moves it to the second upstream).
  first.enqueue({ type: 'message', text: 'one two three four five six seven eight', finish: 'stop', usage: { input: 1, output: 8 }, pieces: 8 });
  first.setChunkDelay(250);
  const stream = await onB.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'x' }], stream: true });
  let text = '';
  let moved: Promise<unknown> | undefined;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta.content ?? '';
    moved ??= (async () => {
      await graphql(a, 'mutation($id: ID!, $input: UpdateProviderInput!) { updateProvider(id: $id, input: $input) { id } }', {
        id: providerId,
        input: { baseUrl: second.provider.baseUrl, apiKey: second.provider.credentials.apiKey },
      });
      // B moves to the second upstream while the stream still runs.
      await within(checkSeconds * 1000 * 4, 'B using the changed provider', async () => {
        second.enqueue({ type: 'message', text: 'from the second', finish: 'stop', usage: { input: 1, output: 3 } });
        const reply = await onB.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'y' }] });
        if (reply.choices[0]?.message.content === 'from the second') return true;
        second.reset();
        return false;
      });
    })();
  }
  await moved;
  first.setChunkDelay(0);
  assert.is(text, 'one two three four five six seven eight', 'the stream through the replaced client completed intact');
});

test.run();
