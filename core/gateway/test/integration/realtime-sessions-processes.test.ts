/**
 * Two gateway processes on one MariaDB and one Redis, a real /v1/realtime session through A to a fake
 * OpenAI Realtime upstream: B lists it (with A's instance id) and closes it — the client gets the
 * closed_by_admin error event and the close; and when A is killed (SIGKILL, no cleanup) with a session
 * open, B stops listing it once A's listing lease ran out, and the session's slots (the key's
 * maxRealtimeSessions and the gateway-wide cap, in the shared counters) come back once their lease
 * ran out — while A lives, its renewals keep them however long the session lasts.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startOpenAIRealtimeFake, type OpenAIRealtimeFake } from '../../../../plugins/provider-openai/test/fake-openai-realtime.ts';
import { freePort, makeTempDir, startMariaDb, startRedis } from '../../../../test/support/services.ts';
import { spawnGateway, waitUntilReady, type GatewayProcess } from '../support/gateway-process.ts';
import WebSocket from 'ws';
import { browserSession, type SeenEvent } from './realtime-support.ts';

const masterKey = 'realtime-processes-master-key-0123';
/** Short leases (set through the environment) so that a dead instance's slots and listing lapse within seconds. */
const counterLeaseSeconds = 4;
const listingLeaseSeconds = 6;
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

type Attempt = { opened: WebSocket } | { status: number; code: string | undefined; message: string };

/** Opens a session (resolved once the handshake is answered): the socket, or the refusal's status and error. */
function attemptSession(gateway: GatewayProcess, key: string): Promise<Attempt> {
  const socket = new WebSocket(`${gateway.url.replace(/^http/, 'ws')}/v1/realtime?model=gpt-realtime`, { headers: { authorization: `Bearer ${key}` } });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ opened: socket }));
    socket.once('unexpected-response', (_request, response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => {
        const error = (JSON.parse(text) as { error?: { code?: string; message?: string } }).error;
        resolve({ status: response.statusCode ?? 0, code: error?.code, message: error?.message ?? '' });
      });
    });
    socket.once('error', (error) => reject(error));
  });
}

async function refusal(gateway: GatewayProcess, key: string): Promise<{ status: number; code: string | undefined; message: string }> {
  const attempt = await attemptSession(gateway, key);
  if ('opened' in attempt) {
    attempt.opened.close();
    throw new Error('the session was admitted');
  }
  return attempt;
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
    CONDUIT_LEASE_SECONDS: String(counterLeaseSeconds),
    CONDUIT_SESSION_LISTING_LEASE_SECONDS: String(listingLeaseSeconds),
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

  test('session slots: A’s renewals keep them past their lease; A killed, they come back after the lease, not before', async (context) => {
    const created = await graphql<{ one: { key: string }; other: { key: string } }>(
      context.a,
      'mutation { one: createVirtualKey(input: { name: "single line", maxRealtimeSessions: 1 }) { key } other: createVirtualKey(input: { name: "other line" }) { key } }',
    );
    const [one, other] = [created.one.key, created.other.key];
    await graphql(context.a, 'mutation { updateLimitSettings(input: { maxRealtimeSessions: 1 }) { maxRealtimeSessions } }');
    const capOn = (gateway: GatewayProcess) => graphql<{ limitSettings: { maxRealtimeSessions: number } }>(gateway, '{ limitSettings { maxRealtimeSessions } }');
    await until(() => capOn(context.b), (settings) => settings.limitSettings.maxRealtimeSessions === 1, 'the gateway-wide cap applied on B');
    let replacement: WebSocket | undefined;
    try {
      const session = await openOn(context.a, one);
      const bothRefused = async (when: string): Promise<void> => {
        const byKey = await refusal(context.b, one);
        assert.equal([byKey.status, byKey.code], [429, 'session_limit_exceeded'], `the key's slot ${when}`);
        assert.match(byKey.message, "virtual key 'single line'");
        const byGateway = await refusal(context.b, other);
        assert.equal([byGateway.status, byGateway.code], [429, 'session_limit_exceeded'], `the gateway's slot ${when}`);
        assert.match(byGateway.message, 'the gateway');
      };
      await bothRefused('held at once');
      // Past twice the lease: only A's renewals can keep the slots.
      await new Promise((resolve) => setTimeout(resolve, counterLeaseSeconds * 2500));
      await bothRefused('kept by renewals');
      assert.not.ok(session.seen.some((event) => event.type === 'error'), 'the session on A ran on');

      const killedAt = Date.now();
      await context.a.stop('SIGKILL');
      session.socket.terminate();
      await bothRefused('held within the lease after the kill');
      const admitted = await until(
        () => attemptSession(context.b, one),
        (attempt) => 'opened' in attempt,
        'a session admitted on B once the dead instance’s slots lapsed',
        counterLeaseSeconds * 5000,
      );
      replacement = (admitted as { opened: WebSocket }).opened;
      // Both limits are 1: the admission shows that the key's slot and the gateway's came back.
      const elapsed = Date.now() - killedAt;
      assert.ok(elapsed >= (counterLeaseSeconds * 1000 * 2) / 3 - 500, `slots lapsed ${elapsed} ms after the kill, before their lease`);
    } finally {
      replacement?.close();
      await graphql(context.b, 'mutation { updateLimitSettings(input: { maxRealtimeSessions: 1000 }) { maxRealtimeSessions } }');
      if (context.a.child.exitCode === null && context.a.child.signalCode === null) await context.a.stop('SIGKILL');
      context.a = await startGatewayProcess(context.databaseUrl);
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
    // A wrote its sessions at most a third of the lease before it died.
    assert.ok(Date.now() - killedAt >= (listingLeaseSeconds * 1000 * 2) / 3 - 500, 'gone only after the lease');
    context.a = await startGatewayProcess(context.databaseUrl);
  });

  test.run();
}
