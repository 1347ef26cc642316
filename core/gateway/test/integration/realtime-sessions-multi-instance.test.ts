/**
 * Realtime sessions across instances on one Redis: gateway B lists, streams and closes a session held
 * by instance A (A's handle aborts), and the sessions of an instance that died without a goodbye
 * vanish once its lease ran out. A is the registry as the gateway builds it (the shared registry on
 * its own Redis connections and event bus), in this process, so the test holds its session handles.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startRedis } from '../../../../test/support/services.ts';
import { createEventBus } from '../../src/infrastructure/events/event-bus.ts';
import { RedisRealtimeSessionDirectory } from '../../src/infrastructure/realtime/redis-realtime-session-directory.ts';
import { SharedRealtimeSessions } from '../../src/engine/realtime/shared-realtime-sessions.ts';
import { createLogger } from '../../src/infrastructure/logging/logger.ts';
import type { EventBus } from '../../src/ports/event-bus.ts';
import { noRealtimeStats, type RealtimeSessionInfo } from '../../src/ports/realtime-sessions.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { wsSubscriber } from '../support/admin-subscribers.ts';
import { eventually as readUntil } from '../support/limit-helpers.ts';

const redis = await startRedis();
const logger = createLogger('silent');

interface Instance {
  events: EventBus;
  directory: RedisRealtimeSessionDirectory;
  sessions: SharedRealtimeSessions;
  /** A clean shutdown (the gateway's). */
  stop(): Promise<void>;
  /** A death: its connections drop, nothing is cleaned up. */
  kill(): void;
}

function startInstance(redisUrl: string, name: string, leaseMs: number): Instance {
  const events = createEventBus({ redisUrl });
  const directory = new RedisRealtimeSessionDirectory(redisUrl, { leaseMs });
  const sessions = new SharedRealtimeSessions({ instance: name, events, logger, directory, heartbeatMs: leaseMs / 3, updateIntervalMs: 200 });
  sessions.start();
  return {
    events,
    directory,
    sessions,
    async stop() {
      await sessions.stop();
      await directory.close();
      await events.close();
    },
    kill() {
      // The timers stop with a dead process; so does every connection, without a word to Redis.
      void sessions.stop().catch(() => undefined);
      (directory as unknown as { redis: { disconnect(): void } }).redis.disconnect();
    },
  };
}

function info(id: string): RealtimeSessionInfo {
  return {
    id,
    virtualKeyId: 'key-a',
    virtualKeyName: 'caller on A',
    model: 'gpt-realtime',
    providerId: 'provider-a',
    deploymentId: 'deployment-a',
    startedAt: new Date(),
  };
}

/** Reads until `done` holds; fails the test if it never does. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const value = await readUntil(read, done, timeoutMs);
  assert.ok(done(value), `not reached within ${timeoutMs} ms: ${JSON.stringify(value)}`);
  return value;
}

interface Listed {
  id: string;
  instanceId: string;
  inputTokens: number;
  cost: number;
}

async function listedOn(gateway: TestGateway): Promise<Listed[]> {
  return (await gateway.graphql<{ realtimeSessions: Listed[] }>('{ realtimeSessions { id instanceId inputTokens cost } }')).realtimeSessions;
}

if (redis) {
  const test = suite<{ b: TestGateway; a: Instance }>('realtime sessions across instances on one Redis');

  test.before(async (context) => {
    context.b = await startTestGateway({ env: { REDIS_URL: redis.url } });
    context.a = startInstance(redis.url, 'instance-a', 15_000);
  });

  test.after(async ({ a, b }) => {
    await a?.stop();
    await b?.close();
    await redis.stop();
  });

  test('a session registered on A is listed on B with A as its instance, with its latest usage', async ({ a, b }) => {
    const handle = a.sessions.register(info('rt-a-1'));
    try {
      const [session] = await eventually(
        async () => (await listedOn(b)).filter((candidate) => candidate.id === 'rt-a-1'),
        (found) => found.length === 1,
      );
      assert.is(session!.instanceId, 'instance-a');
      handle.update({ ...noRealtimeStats, inputTokens: 77, costNanos: 5_000_000 });
      const [updated] = await eventually(
        async () => (await listedOn(b)).filter((candidate) => candidate.id === 'rt-a-1'),
        (found) => found[0]?.inputTokens === 77,
      );
      assert.is(updated!.cost, 0.005);
    } finally {
      handle.end();
    }
    await eventually(
      async () => (await listedOn(b)).filter((candidate) => candidate.id === 'rt-a-1'),
      (found) => found.length === 0,
    );
  });

  test('a subscriber on B sees A’s session start and end', async ({ a, b }) => {
    const ws = wsSubscriber(b.url, `Bearer ${'test-master-key-0123456789abcdef'}`);
    await ws.connected;
    const changes = ws.subscribe<{ realtimeSessionsChanged: { change: string; session: { id: string; instanceId: string } } }>(
      'subscription { realtimeSessionsChanged { change session { id instanceId } } }',
    );
    try {
      // A publishes only once Redis says someone listens (checked twice a second): register until seen.
      const handles = [];
      let started;
      for (let attempt = 0; !started && attempt < 10; attempt += 1) {
        handles.push(a.sessions.register(info(`rt-a-live-${attempt}`)));
        started = await changes.next((result) => result.data?.realtimeSessionsChanged.change === 'STARTED', 1000).catch(() => undefined);
      }
      assert.ok(started, 'a start arrived');
      assert.is(started.data!.realtimeSessionsChanged.session.instanceId, 'instance-a');
      const id = started.data!.realtimeSessionsChanged.session.id;
      for (const handle of handles) handle.end();
      await changes.next((result) => result.data?.realtimeSessionsChanged.change === 'ENDED' && result.data.realtimeSessionsChanged.session.id === id);
    } finally {
      await changes.stop();
      await ws.dispose();
    }
  });

  test('closeRealtimeSession on B aborts the handle on A', async ({ a, b }) => {
    const handle = a.sessions.register(info('rt-a-close'));
    const aborted = new Promise<unknown>((resolve) => handle.signal.addEventListener('abort', () => resolve(handle.signal.reason)));
    await eventually(
      async () => (await listedOn(b)).filter((candidate) => candidate.id === 'rt-a-close'),
      (found) => found.length === 1,
    );
    assert.equal(await b.graphql('mutation { closeRealtimeSession(id: "rt-a-close") }'), { closeRealtimeSession: true });
    const reason = await Promise.race([aborted, new Promise((resolve) => setTimeout(() => resolve('not aborted within 2 s'), 2000))]);
    assert.is(reason, 'closed by an admin');
    handle.end();
    await eventually(
      async () => (await listedOn(b)).filter((candidate) => candidate.id === 'rt-a-close'),
      (found) => found.length === 0,
    );
  });

  test('a session of another instance that is not open is NOT_FOUND on B', async ({ a, b }) => {
    const handle = a.sessions.register(info('rt-a-gone'));
    handle.end();
    // Give the directory its write.
    await a.sessions.list();
    const { body } = await b.graphqlRaw('mutation { closeRealtimeSession(id: "rt-a-gone") }');
    assert.is(body.errors?.[0]?.extensions?.code, 'NOT_FOUND');
  });

  test('a dead instance’s sessions vanish from B after its lease; a live one’s stay (renewed by heartbeat)', async ({ b }) => {
    const leaseMs = 1500;
    const dead = startInstance(redis.url, 'instance-dead', leaseMs);
    const alive = startInstance(redis.url, 'instance-alive', leaseMs);
    dead.sessions.register(info('rt-dead'));
    const kept = alive.sessions.register(info('rt-alive'));
    try {
      await eventually(
        async () => (await listedOn(b)).map((session) => session.id).filter((id) => id === 'rt-dead' || id === 'rt-alive').sort(),
        (ids) => ids.length === 2,
      );
      const diedAt = Date.now();
      dead.kill();
      await eventually(
        async () => (await listedOn(b)).map((session) => session.id),
        (ids) => !ids.includes('rt-dead'),
        5000,
      );
      assert.ok(Date.now() - diedAt >= leaseMs - 600, 'not before its lease ran out');
      // Past several leases the live instance's session is still listed.
      await new Promise((resolve) => setTimeout(resolve, leaseMs * 2));
      assert.ok((await listedOn(b)).some((session) => session.id === 'rt-alive'));
    } finally {
      kept.end();
      await alive.stop();
      await dead.events.close();
    }
  });

  test.run();
}
