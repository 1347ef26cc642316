/**
 * Two gateway processes on one MariaDB and one Redis, a real /v1/realtime session through A to a fake
 * OpenAI Realtime upstream: B lists it (with A's instance id) and closes it — the client gets the
 * closed_by_admin error event and the close; and when A is killed (SIGKILL, no cleanup) with a session
 * open, B stops listing it once A's lease ran out.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startOpenAIRealtimeFake, type OpenAIRealtimeFake } from '../../../../plugins/provider-openai/test/fake-openai-realtime.ts';
import { freePort, makeTempDir, startMariaDb, startRedis } from '../../../../test/support/services.ts';
import { spawnGateway, waitUntilReady, type GatewayProcess } from '../support/gateway-process.ts';
import { browserSession, type SeenEvent } from './realtime-support.ts';

const masterKey = 'realtime-processes-master-key-0123';
const mariadb = await startMariaDb();
const redis = await startRedis();

interface Listed {
  id: string;
  model: string;
  virtualKeyName: string;
  instanceId: string;
  provider: { name: string } | null;
}

interface Context {
  fake: OpenAIRealtimeFake;
  a: GatewayProcess;
  b: GatewayProcess;
  key: string;
  databaseUrl: string;
}

async function graphqlRaw(gateway: GatewayProcess, query: string): Promise<{ data?: Record<string, unknown>; errors?: Array<{ message: string; extensions?: { code?: string } }> }> {
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${masterKey}` },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as never;
}

async function graphql<T>(gateway: GatewayProcess, query: string): Promise<T> {
  const body = await graphqlRaw(gateway, query);
  if (body.errors) throw new Error(body.errors.map((error) => error.message).join('; '));
  return body.data as T;
}

async function listedOn(gateway: GatewayProcess): Promise<Listed[]> {
  return (await graphql<{ realtimeSessions: Listed[] }>(gateway, '{ realtimeSessions { id model virtualKeyName instanceId provider { name } } }')).realtimeSessions;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function startGatewayProcess(databaseUrl: string): Promise<GatewayProcess> {
  const gateway = spawnGateway({
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    CONDUIT_DATA_DIR: makeTempDir('realtime-processes'),
    CONDUIT_MASTER_KEY: masterKey,
    CONDUIT_ENCRYPTION_KEY: 'realtime-processes-encryption-key-0123',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis!.url,
  });
  await waitUntilReady(gateway);
  return gateway;
}

if (mariadb && redis) {
  const test = suite<Context>('realtime sessions across two gateway processes');

  test.before(async (context) => {
    context.fake = await startOpenAIRealtimeFake();
    context.databaseUrl = await mariadb.createDatabase('conduit_realtime_processes');
    context.a = await startGatewayProcess(context.databaseUrl);
    context.b = await startGatewayProcess(context.databaseUrl);
    const provider = await graphql<{ createProvider: { id: string } }>(
      context.a,
      `mutation { createProvider(input: { name: "openai-rt", type: "openai", baseUrl: "${context.fake.provider.baseUrl}", apiKey: "${context.fake.provider.credentials.apiKey}" }) { id } }`,
    );
    await graphql(context.a, `mutation { createModelDeployment(input: { modelName: "gpt-realtime", providerId: "${provider.createProvider.id}", providerModel: "gpt-realtime" }) { id } }`);
    const created = await graphql<{ createVirtualKey: { key: string } }>(context.a, 'mutation { createVirtualKey(input: { name: "phone line" }) { key } }');
    context.key = created.createVirtualKey.key;
  });

  test.after(async ({ a, b, fake }) => {
    await Promise.all([a?.stop(), b?.stop()]);
    await fake?.close();
    await redis.stop();
    await mariadb.stop();
  });

  async function openOn(gateway: GatewayProcess, key: string): Promise<ReturnType<typeof browserSession> & { closed: Promise<number> }> {
    const session = browserSession(gateway.url, key, 'gpt-realtime');
    const closed = new Promise<number>((resolve) => session.socket.once('close', (code: number) => resolve(code)));
    await session.opened;
    await until(async () => session.seen.some((event: SeenEvent) => event.type === 'session.created'), (seen) => seen, 'session.created');
    return Object.assign(session, { closed });
  }

  test('a session on A is listed on B with A’s instance, and B closes it: the client gets closed_by_admin and the close', async ({ a, b, key }) => {
    const session = await openOn(a, key);
    try {
      const [listed] = await until(() => listedOn(b), (sessions) => sessions.length === 1, 'the session listed on B');
      assert.is(listed!.model, 'gpt-realtime');
      assert.is(listed!.virtualKeyName, 'phone line');
      assert.is(listed!.provider?.name, 'openai-rt');
      const onA = await listedOn(a);
      assert.equal(onA.map((entry) => entry.instanceId), [listed!.instanceId], 'A lists the same session, as its own');
      const closing = await graphqlRaw(b, `mutation { closeRealtimeSession(id: "${listed!.id}") }`);
      assert.equal(closing, { data: { closeRealtimeSession: true } });
      await Promise.race([session.closed, new Promise((_, reject) => setTimeout(() => reject(new Error('A did not close the session within 3 s')), 3000))]);
      const error = session.seen.find((event) => event.type === 'error') as { error?: { code?: string } } | undefined;
      assert.is(error?.error?.code, 'closed_by_admin');
      await until(() => listedOn(b), (sessions) => sessions.length === 0, 'the session gone from B');
    } finally {
      session.socket.close();
    }
  });

  test('A killed with a session open: B stops listing it once A’s lease ran out, not before', async (context) => {
    const session = await openOn(context.a, context.key);
    await until(() => listedOn(context.b), (sessions) => sessions.length === 1, 'the session listed on B');
    const killedAt = Date.now();
    await context.a.stop('SIGKILL');
    session.socket.terminate();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    assert.is((await listedOn(context.b)).length, 1, 'still listed within the lease');
    await until(() => listedOn(context.b), (sessions) => sessions.length === 0, 'the dead instance’s session gone', 30_000);
    assert.ok(Date.now() - killedAt >= 5_000, 'gone only after the lease');
    context.a = await startGatewayProcess(context.databaseUrl);
  });

  test.run();
}
