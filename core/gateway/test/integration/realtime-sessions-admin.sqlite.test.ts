/**
 * The admin side of realtime sessions on one gateway (no Redis): sessions registered with the
 * gateway's registry are listed by `realtimeSessions` with their usage so far, stream through
 * `realtimeSessionsChanged`, and `closeRealtimeSession` aborts the holder's signal (OPERATOR and up,
 * audited); the realtime settings read and update with validation.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { noRealtimeStats, type RealtimeSessionHandle } from '../../src/ports/realtime-sessions.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { wsSubscriber } from '../support/admin-subscribers.ts';

interface Context {
  gateway: TestGateway;
  viewer: string;
  operator: string;
}

const test = suite<Context>('realtime sessions in the admin API (one instance)');

const sessionFields = 'id virtualKeyId virtualKeyName model providerId provider { id } deploymentId startedAt durationSeconds audioSecondsIn audioSecondsOut inputTokens outputTokens cost instanceId';

interface SessionResult {
  id: string;
  virtualKeyName: string;
  model: string;
  durationSeconds: number;
  audioSecondsIn: number;
  inputTokens: number;
  outputTokens: number;
  cost: number;
  instanceId: string;
}

function register(gateway: TestGateway, id: string, startedAt = new Date()): RealtimeSessionHandle {
  return gateway.gateway.realtimeSessions.register({
    id,
    virtualKeyId: 'key-1',
    virtualKeyName: 'voice app',
    model: 'gpt-realtime',
    providerId: 'provider-1',
    deploymentId: 'deployment-1',
    startedAt,
  });
}

async function listed(gateway: TestGateway): Promise<SessionResult[]> {
  return (await gateway.graphql<{ realtimeSessions: SessionResult[] }>(`{ realtimeSessions { ${sessionFields} } }`)).realtimeSessions;
}

async function createToken(gateway: TestGateway, role: string): Promise<string> {
  const data = await gateway.graphql<{ createAdminToken: { token: string } }>(
    'mutation($input: CreateAdminTokenInput!) { createAdminToken(input: $input) { token } }',
    { input: { name: `${role} token`, role } },
  );
  return data.createAdminToken.token;
}

test.before(async (context) => {
  context.gateway = await startTestGateway();
  context.viewer = await createToken(context.gateway, 'VIEWER');
  context.operator = await createToken(context.gateway, 'OPERATOR');
});

test.after(async ({ gateway }) => {
  await gateway.close();
});

test('a registered session is listed with its key, model, provider, start and usage so far; an ended one is not', async ({ gateway }) => {
  const startedAt = new Date(Date.now() - 65_000);
  const handle = register(gateway, 'rt-list', startedAt);
  handle.update({ audioSecondsIn: 12.5, audioSecondsOut: 8, inputTokens: 420, outputTokens: 310, costNanos: 1_234_567 });
  const [session] = (await listed(gateway)).filter((candidate) => candidate.id === 'rt-list');
  assert.ok(session, 'listed');
  assert.equal(
    { ...session, durationSeconds: undefined, instanceId: undefined },
    {
      id: 'rt-list',
      virtualKeyId: 'key-1',
      virtualKeyName: 'voice app',
      model: 'gpt-realtime',
      providerId: 'provider-1',
      provider: null,
      deploymentId: 'deployment-1',
      startedAt: startedAt.toISOString(),
      durationSeconds: undefined,
      audioSecondsIn: 12.5,
      audioSecondsOut: 8,
      inputTokens: 420,
      outputTokens: 310,
      cost: 0.001234567,
      instanceId: undefined,
    },
  );
  assert.ok(session.durationSeconds >= 65 && session.durationSeconds < 75, `duration ${session.durationSeconds}`);
  assert.match(session.instanceId, /^[0-9a-f-]{36}$/);
  handle.end();
  assert.equal((await listed(gateway)).filter((candidate) => candidate.id === 'rt-list'), []);
});

test('realtimeSessionsChanged streams a start, a throttled update and the end of a session', async ({ gateway, viewer }) => {
  const ws = wsSubscriber(gateway.url, `Bearer ${viewer}`);
  await ws.connected;
  const changes = ws.subscribe<{ realtimeSessionsChanged: { change: string; session: SessionResult } }>(
    `subscription { realtimeSessionsChanged { change session { ${sessionFields} } } }`,
  );
  try {
    const forThis = (change: string) => (result: { data?: { realtimeSessionsChanged: { change: string; session: SessionResult } } | null }) =>
      result.data?.realtimeSessionsChanged.session.id === 'rt-live' && result.data.realtimeSessionsChanged.change === change;
    // The subscription is open on the server once the first registration is seen; retry until then.
    let handle = register(gateway, 'rt-live');
    const started = await changes.next(forThis('STARTED'), 3000).catch(async () => {
      handle.end();
      handle = register(gateway, 'rt-live');
      return changes.next(forThis('STARTED'));
    });
    assert.is(started.data!.realtimeSessionsChanged.session.model, 'gpt-realtime');
    const before = changes.results.length;
    for (let index = 1; index <= 20; index += 1) handle.update({ ...noRealtimeStats, inputTokens: index * 10, costNanos: index * 1000 });
    const updated = await changes.next(forThis('UPDATED'));
    assert.is(updated.data!.realtimeSessionsChanged.session.inputTokens, 200, 'the latest figures, once');
    assert.is(updated.data!.realtimeSessionsChanged.session.cost, 0.00002);
    handle.end();
    const ended = await changes.next(forThis('ENDED'));
    assert.is(ended.data!.realtimeSessionsChanged.session.inputTokens, 200);
    const updates = changes.results.slice(before).filter(forThis('UPDATED'));
    assert.is(updates.length, 1, '20 updates within a second are one event');
  } finally {
    await changes.stop();
    await ws.dispose();
  }
});

test('closeRealtimeSession aborts the session’s signal with the reason, and is audited', async ({ gateway, operator }) => {
  const handle = register(gateway, 'rt-close');
  const { body } = await gateway.graphqlRaw('mutation { closeRealtimeSession(id: "rt-close") }', undefined, operator);
  assert.equal(body, { data: { closeRealtimeSession: true } });
  assert.ok(handle.signal.aborted, 'aborted');
  assert.is(handle.signal.reason, 'closed by an admin');
  handle.end();
  const rows = await gateway.models.AuditLogRecord.findAll({ where: { mutation: 'closeRealtimeSession' } });
  assert.is(rows.length, 1);
  assert.is(rows[0]!.entityId, 'rt-close');
  assert.is(rows[0]!.entity, 'realtimeSession');
});

test('a VIEWER may list sessions but not close one; the session stays open', async ({ gateway, viewer }) => {
  const handle = register(gateway, 'rt-viewer');
  try {
    const listing = await gateway.graphqlRaw('{ realtimeSessions { id } }', undefined, viewer);
    assert.ok((listing.body.data as { realtimeSessions: Array<{ id: string }> }).realtimeSessions.some((session) => session.id === 'rt-viewer'));
    const { body } = await gateway.graphqlRaw('mutation { closeRealtimeSession(id: "rt-viewer") }', undefined, viewer);
    assert.is(body.errors?.[0]?.extensions?.code, 'FORBIDDEN');
    assert.not.ok(handle.signal.aborted);
  } finally {
    handle.end();
  }
});

test('closing a session that is not open is NOT_FOUND; closing an ended one too', async ({ gateway }) => {
  const missing = await gateway.graphqlRaw('mutation { closeRealtimeSession(id: "no-such-session") }');
  assert.is(missing.body.errors?.[0]?.extensions?.code, 'NOT_FOUND');
  const handle = register(gateway, 'rt-ended');
  handle.end();
  const ended = await gateway.graphqlRaw('mutation { closeRealtimeSession(id: "rt-ended") }');
  assert.is(ended.body.errors?.[0]?.extensions?.code, 'NOT_FOUND');
  assert.not.ok(handle.signal.aborted);
});

test('realtime settings live in limitSettings: defaults, a partial update, bad values refused by field, ADMIN only', async ({ gateway, operator }) => {
  const fields = 'defaultMaxRealtimeSessions maxRealtimeSessions realtimeIdleTimeoutSeconds realtimeMaxSessionSeconds realtimeBillingSliceSeconds realtimeMaxEventBytes';
  assert.equal(await gateway.graphql(`{ limitSettings { ${fields} } }`), {
    limitSettings: {
      defaultMaxRealtimeSessions: 5,
      maxRealtimeSessions: 1000,
      realtimeIdleTimeoutSeconds: 300,
      realtimeMaxSessionSeconds: 3600,
      realtimeBillingSliceSeconds: 60,
      realtimeMaxEventBytes: 16 * 1024 * 1024,
    },
  });
  const update = `mutation($input: UpdateLimitSettingsInput!) { updateLimitSettings(input: $input) { ${fields} } }`;
  const saved = await gateway.graphql<{ updateLimitSettings: Record<string, number> }>(update, {
    input: { defaultMaxRealtimeSessions: 2, maxRealtimeSessions: 100, realtimeIdleTimeoutSeconds: 30 },
  });
  assert.equal(
    [saved.updateLimitSettings.defaultMaxRealtimeSessions, saved.updateLimitSettings.maxRealtimeSessions, saved.updateLimitSettings.realtimeIdleTimeoutSeconds, saved.updateLimitSettings.realtimeMaxSessionSeconds],
    [2, 100, 30, 3600],
  );
  const bad = await gateway.graphqlRaw(update, { input: { realtimeMaxSessionSeconds: 0 } });
  assert.is(bad.body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
  assert.is(bad.body.errors?.[0]?.extensions?.field, 'input.realtimeMaxSessionSeconds');
  const forbidden = await gateway.graphqlRaw(update, { input: { realtimeIdleTimeoutSeconds: 60 } }, operator);
  assert.is(forbidden.body.errors?.[0]?.extensions?.code, 'FORBIDDEN');
  assert.equal(await gateway.graphql('{ limitSettings { realtimeIdleTimeoutSeconds realtimeMaxSessionSeconds } }'), {
    limitSettings: { realtimeIdleTimeoutSeconds: 30, realtimeMaxSessionSeconds: 3600 },
  });
});

test.run();
