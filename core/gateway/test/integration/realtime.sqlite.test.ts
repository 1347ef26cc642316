/**
 * `/v1/realtime` through a real gateway: the official SDK's OpenAIRealtimeWS and a browser-style
 * `ws` client against the fakes of OpenAI Realtime, Ultravox and ElevenLabs Agents; refused
 * handshakes; routing failover; the request-log row of a session; malformed and oversized events.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { waitUntil } from '@conduit/plugin-api/conformance';
import { startOpenAIRealtimeFake, type OpenAIRealtimeFake } from '../../../../plugins/provider-openai/test/fake-openai-realtime.ts';
import { startUltravoxFake, type UltravoxFake } from '../../../../plugins/provider-ultravox/test/fake-ultravox.ts';
import { startElevenLabsAgentsFake, type ElevenLabsAgentsFake } from '../../../../plugins/provider-elevenlabs-agents/test/fake-elevenlabs-agents.ts';
import { sqliteTarget } from '../support/database-targets.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { selfSignedCertificate } from '../../../../test/support/self-signed-certificate.ts';
import { browserSession, pcmBase64, refusedHandshake, sdkSession } from './realtime-support.ts';

interface Context {
  openai: OpenAIRealtimeFake;
  ultravox: UltravoxFake;
  elevenlabs: ElevenLabsAgentsFake;
  harness: TestGateway;
  key: { key: string; id: string };
}

const test = suite<Context>('realtime through the gateway (sqlite)');

test.before(async (context) => {
  try {
    context.openai = await startOpenAIRealtimeFake();
    context.ultravox = await startUltravoxFake();
    context.elevenlabs = await startElevenLabsAgentsFake();
    context.harness = await startTestGateway({ databaseUrl: await sqliteTarget.freshDatabaseUrl() });
    const { harness } = context;
    const openai = await harness.createProvider({ name: 'openai-rt', type: 'openai', baseUrl: context.openai.provider.baseUrl, apiKey: context.openai.provider.credentials.apiKey });
    const dead = await harness.createProvider({ name: 'dead-rt', type: 'openai', baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'sk-dead' });
    const ultravox = await harness.createProvider({ name: 'ultravox', type: 'ultravox', baseUrl: context.ultravox.provider.baseUrl, apiKey: context.ultravox.provider.credentials.apiKey });
    const elevenlabs = await harness.createProvider({ name: 'elevenlabs-agents', type: 'elevenlabs', baseUrl: context.elevenlabs.provider.baseUrl, apiKey: context.elevenlabs.provider.credentials.apiKey });
    await harness.createDeployment({ modelName: 'gpt-realtime', providerId: openai, providerModel: 'gpt-realtime' });
    await harness.createDeployment({ modelName: 'failover-realtime', providerId: dead, providerModel: 'gpt-realtime', priority: 0 });
    await harness.createDeployment({ modelName: 'failover-realtime', providerId: openai, providerModel: 'gpt-realtime-mini', priority: 1 });
    await harness.createDeployment({ modelName: 'voice-agent', providerId: ultravox, providerModel: 'ultravox-v0.7' });
    await harness.createDeployment({ modelName: 'eleven-agent', providerId: elevenlabs, providerModel: 'agent_fake_1' });
    await harness.createDeployment({ modelName: 'chat-only', providerId: openai, providerModel: 'gpt-4o-mini', capabilities: { realtime: false } });
    context.key = await harness.createKey();
  } catch (error) {
    console.error(error);
    throw error;
  }
});

test.after(async ({ harness, openai, ultravox, elevenlabs }) => {
  await harness?.close();
  await openai?.close();
  await ultravox?.close();
  await elevenlabs?.close();
});

async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function realtimeRows(harness: TestGateway): Promise<Array<Record<string, unknown>>> {
  await harness.gateway.logWriter.flush();
  const [rows] = await harness.gateway.database.sequelize.query(
    "SELECT request_id, status, model, error_code, error_message, prompt_tokens, completion_tokens, total_tokens, cost_nanos, latency_ms, attempts FROM request_logs WHERE endpoint = 'realtime' ORDER BY created_at",
  );
  return rows as Array<Record<string, unknown>>;
}

test('the SDK talks to OpenAI Realtime through the gateway: session.created, audio both ways, response.done', async ({ harness, openai, key }) => {
  const session = sdkSession(harness.url, key.key, 'gpt-realtime');
  try {
    const created = await session.waitFor('session.created');
    assert.is(session.seen[0]!.type, 'session.created', 'session.created is the first event');
    assert.is((created.session as { model: string }).model, 'gpt-realtime');
    assert.is(openai.handshakes.at(-1)!.authorization, `Bearer ${openai.provider.credentials.apiKey}`, "the provider's key, not the virtual key, goes upstream");
    session.rt.send({ type: 'session.update', session: { type: 'realtime', instructions: 'Be brief.' } });
    const updated = await session.waitFor('session.updated');
    assert.is((updated.session as { instructions: string }).instructions, 'Be brief.');
    session.rt.send({ type: 'input_audio_buffer.append', audio: pcmBase64(4800) });
    session.rt.send({ type: 'input_audio_buffer.commit', event_id: 'evt_commit' });
    await session.waitFor('input_audio_buffer.committed');
    openai.speak(0.5);
    openai.finishResponse();
    const done = await session.waitFor('response.done');
    assert.is(((done.response as { usage: { total_tokens: number } }).usage).total_tokens, 253);
    const audio = session.seen.filter((event) => event.type === 'response.output_audio.delta');
    assert.is(audio.reduce((sum, event) => sum + Buffer.from(String(event.delta), 'base64').length, 0), 24000);
  } finally {
    session.rt.close();
  }
  await session.closed;
  await eventually(async () => (await realtimeRows(harness)).some((row) => row.model === 'gpt-realtime' && row.status === 101), 'the session row');
  const row = (await realtimeRows(harness)).find((each) => each.model === 'gpt-realtime' && each.status === 101)!;
  assert.is(row.status, 101);
  assert.is(row.model, 'gpt-realtime');
  assert.is(row.total_tokens, 253);
  assert.is(row.error_code, 'client_closed');
});

test('failed handshakes are answered with an HTTP status and an OpenAI error body', async ({ harness, key }) => {
  const missing = await refusedHandshake(harness.url, '/v1/realtime?model=gpt-realtime');
  assert.is(missing.status, 401);
  assert.is(missing.body.error?.code, 'missing_api_key');
  const wrong = await refusedHandshake(harness.url, '/v1/realtime?model=gpt-realtime', { authorization: 'Bearer ck-not-a-key' });
  assert.is(wrong.status, 401);
  assert.is(wrong.body.error?.code, 'invalid_api_key');
  const unknown = await refusedHandshake(harness.url, '/v1/realtime?model=no-such-model', { authorization: `Bearer ${key.key}` });
  assert.is(unknown.status, 404);
  assert.is(unknown.body.error?.code, 'model_not_found');
  const noModel = await refusedHandshake(harness.url, '/v1/realtime', { authorization: `Bearer ${key.key}` });
  assert.is(noModel.status, 400);
  assert.is(noModel.body.error?.code, 'missing_model');
  const chatOnly = await refusedHandshake(harness.url, '/v1/realtime?model=chat-only', { authorization: `Bearer ${key.key}` });
  assert.is(chatOnly.status, 400);
  assert.is(chatOnly.body.error?.code, 'unsupported_capability');
});

test('browser-style auth: the key as a subprotocol, and the server selects `realtime`, never the key', async ({ harness, key }) => {
  const browser = browserSession(harness.url, key.key, 'gpt-realtime');
  await browser.opened;
  try {
    assert.is(browser.socket.protocol, 'realtime');
    await waitUntil(() => browser.seen.some((event) => event.type === 'session.created'), 'session.created');
  } finally {
    browser.socket.close();
  }
  const wrong = browserSession(harness.url, 'ck-wrong', 'gpt-realtime');
  const refused = await wrong.opened.then(
    () => 'opened',
    (error: Error) => error.message,
  );
  assert.match(refused, /401/);
});

test('a failed upstream connect fails over to the next deployment before session.created', async ({ harness, key }) => {
  const session = sdkSession(harness.url, key.key, 'failover-realtime');
  try {
    const created = await session.waitFor('session.created');
    assert.is((created.session as { model: string }).model, 'gpt-realtime-mini');
    assert.is(session.errors.length, 0);
  } finally {
    session.rt.close();
  }
  await session.closed;
  await eventually(async () => (await realtimeRows(harness)).some((row) => row.model === 'failover-realtime'), 'the failover row');
  const row = (await realtimeRows(harness)).find((each) => each.model === 'failover-realtime')!;
  assert.is(row.attempts, 2);
});

test('malformed and oversized client events get error events naming them; the session goes on', async ({ harness, key }) => {
  await harness.gateway.services.limitDefaults.update({ realtimeMaxEventBytes: 64 * 1024 });
  const browser = browserSession(harness.url, key.key, 'gpt-realtime');
  await browser.opened;
  try {
    await waitUntil(() => browser.seen.some((event) => event.type === 'session.created'), 'session.created');
    browser.socket.send('{"type": "session.update", "event_id": "evt_bad", ');
    browser.socket.send(JSON.stringify({ event_id: 'evt_notype' }));
    browser.socket.send(JSON.stringify({ type: 'input_audio_buffer.append', event_id: 'evt_big', audio: pcmBase64(48_000) }));
    browser.socket.send(JSON.stringify({ type: 'no.such_event', event_id: 'evt_unknown' }));
    await waitUntil(() => browser.seen.filter((event) => event.type === 'error').length >= 4, 'four error events');
    const errors = browser.seen.filter((event) => event.type === 'error').map((event) => event.error as { code: string; event_id: string | null });
    assert.equal(errors.map((error) => [error.code, error.event_id]), [
      ['invalid_json', 'evt_bad'],
      ['invalid_event', 'evt_notype'],
      ['event_too_large', 'evt_big'],
      ['unsupported_event', 'evt_unknown'],
    ]);
    browser.socket.send(JSON.stringify({ type: 'session.update', session: { type: 'realtime', instructions: 'still here' } }));
    await waitUntil(() => browser.seen.some((event) => event.type === 'session.updated'), 'the session goes on');
    assert.is(browser.socket.readyState, browser.socket.OPEN);
  } finally {
    browser.socket.close();
    await harness.gateway.services.limitDefaults.update({ realtimeMaxEventBytes: 16 * 1024 * 1024 });
  }
});

test('the SDK reaches Ultravox through the gateway: its call created over REST, audio both ways', async ({ harness, ultravox, key }) => {
  const session = sdkSession(harness.url, key.key, 'voice-agent');
  try {
    await session.waitFor('session.created');
    assert.is(ultravox.createdCalls.length, 1);
    session.rt.send({ type: 'input_audio_buffer.append', audio: pcmBase64(2400) });
    await waitUntil(() => ultravox.receivedAudioBytes() >= 4800, 'audio reached Ultravox');
    ultravox.speak(0.2);
    await session.waitFor('response.output_audio.delta');
  } finally {
    session.rt.close();
  }
  await session.closed;
});

test('the SDK reaches ElevenLabs Agents through the gateway', async ({ harness, elevenlabs, key }) => {
  const session = sdkSession(harness.url, key.key, 'eleven-agent');
  try {
    await session.waitFor('session.created');
    session.rt.send({ type: 'input_audio_buffer.append', audio: pcmBase64(2400) });
    await waitUntil(() => elevenlabs.receivedAudioBytes() > 0, 'audio reached ElevenLabs');
    elevenlabs.speak(0.2);
    await session.waitFor('response.output_audio.delta');
  } finally {
    session.rt.close();
  }
  await session.closed;
});

async function setKeyColumns(harness: TestGateway, id: string, columns: Record<string, unknown>): Promise<void> {
  const sets = Object.keys(columns).map((column) => `${column} = ?`).join(', ');
  await harness.gateway.database.sequelize.query(`UPDATE virtual_keys SET ${sets} WHERE id = ?`, { replacements: [...Object.values(columns), id] });
}

test('a key without the REALTIME permission is refused with 403 before upgrade', async ({ harness }) => {
  const chatKey = await harness.createKey({ name: 'chat only' });
  await setKeyColumns(harness, chatKey.id, { permissions: JSON.stringify(['CHAT']) });
  const denied = await refusedHandshake(harness.url, '/v1/realtime?model=gpt-realtime', { authorization: `Bearer ${chatKey.key}` });
  assert.is(denied.status, 403);
  assert.is(denied.body.error?.code, 'permission_denied');
});

test('maxRealtimeSessions: the key holds at most its sessions; the next is refused with 429 before upgrade, and a slot frees when one ends', async ({ harness }) => {
  const limited = await harness.createKey({ name: 'two sessions' });
  await setKeyColumns(harness, limited.id, { max_realtime_sessions: 2 });
  const first = browserSession(harness.url, limited.key, 'gpt-realtime');
  const second = browserSession(harness.url, limited.key, 'gpt-realtime');
  await Promise.all([first.opened, second.opened]);
  try {
    const third = await refusedHandshake(harness.url, '/v1/realtime?model=gpt-realtime', { authorization: `Bearer ${limited.key}` });
    assert.is(third.status, 429);
    assert.is(third.body.error?.code, 'session_limit_exceeded');
    assert.match(third.body.error?.message ?? '', /at most 2/);
    first.socket.close();
    await eventually(async () => {
      const again = browserSession(harness.url, limited.key, 'gpt-realtime');
      const ok = await again.opened.then(() => true, () => false);
      again.socket.close();
      return ok;
    }, 'a freed slot');
  } finally {
    first.socket.close();
    second.socket.close();
  }
});

test('the default per-key limit comes from the setting, and the gateway-wide cap applies to every key', async ({ harness }) => {
  const a = await harness.createKey({ name: 'a' });
  const b = await harness.createKey({ name: 'b' });
  await harness.gateway.services.limitDefaults.update({ defaultMaxRealtimeSessions: 1, maxRealtimeSessions: 2 });
  const sessions = [browserSession(harness.url, a.key, 'gpt-realtime')];
  try {
    await sessions[0]!.opened;
    const secondOfA = await refusedHandshake(harness.url, '/v1/realtime?model=gpt-realtime', { authorization: `Bearer ${a.key}` });
    assert.is(secondOfA.status, 429);
    sessions.push(browserSession(harness.url, b.key, 'gpt-realtime'));
    await sessions[1]!.opened;
    const c = await harness.createKey({ name: 'c' });
    const overCap = await refusedHandshake(harness.url, '/v1/realtime?model=gpt-realtime', { authorization: `Bearer ${c.key}` });
    assert.is(overCap.status, 429);
    assert.match(overCap.body.error?.message ?? '', /the gateway/);
  } finally {
    for (const session of sessions) session.socket.close();
    await harness.gateway.services.limitDefaults.update({ defaultMaxRealtimeSessions: 5, maxRealtimeSessions: 1000 });
  }
});

test('billed while it runs: each response settles its slice; a budget that cannot cover the next slice ends the session with budget_exceeded', async ({ harness, openai }) => {
  await harness.graphql('mutation { createModelCost(input: { model: "gpt-realtime", inputPerMillion: 4, outputPerMillion: 16, audioInputPerMillion: 32, audioOutputPerMillion: 64 }) { id } }');
  await harness.gateway.services.limitDefaults.update({ realtimeBillingSliceSeconds: 10 });
  // A slice of 10 s reserves 10 × (10 × $32 + 20 × $64) / 1M = $0.016; a response of the fake costs about $0.0072.
  const { key, id } = await harness.createKey({ name: 'budgeted', maxBudget: 0.03, budgetPeriod: 'DAILY' });
  const session = sdkSession(harness.url, key, 'gpt-realtime');
  let responses = 0;
  try {
    await session.waitFor('session.created');
    for (; responses < 10 && session.errors.length === 0; responses++) {
      openai.speak(0.1);
      openai.finishResponse();
      await session.waitFor('response.done', responses + 1);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await eventually(async () => session.errors.length > 0, 'the budget_exceeded error event');
    assert.is(session.errors[0]!.error?.code, 'budget_exceeded');
    const closed = await session.closed;
    assert.is(closed.code, 1008);
  } finally {
    session.rt.close();
    await harness.gateway.services.limitDefaults.update({ realtimeBillingSliceSeconds: 60 });
  }
  assert.is(responses, 2, 'the third slice could not be covered after two responses');
  await eventually(async () => (await realtimeRows(harness)).some((row) => row.error_code === 'budget_exceeded'), 'the session row');
  const row = (await realtimeRows(harness)).find((each) => each.error_code === 'budget_exceeded')!;
  assert.is(row.total_tokens, 2 * 253);
  const cost = Number(row.cost_nanos);
  assert.ok(cost > 0 && cost <= 30_000_000, `cost ${cost} within the budget`);
  const spent = await harness.graphql<{ virtualKey: { spend: number; reserved: number } }>('query($id: ID!) { virtualKey(id: $id) { spend reserved } }', { id });
  assert.is(Math.round(spent.virtualKey.spend * 1e9), cost, 'the spend is the session cost, counted once');
  assert.is(spent.virtualKey.reserved, 0, 'nothing stays reserved');
});

test('a key disabled mid-session is disconnected within a second, with an error event', async ({ harness }) => {
  const { key, id } = await harness.createKey({ name: 'to disable' });
  const session = sdkSession(harness.url, key, 'gpt-realtime');
  try {
    await session.waitFor('session.created');
    const started = Date.now();
    await harness.graphql('mutation($id: ID!) { updateVirtualKey(id: $id, input: { enabled: false }) { id } }', { id });
    const closed = await session.closed;
    assert.ok(Date.now() - started < 1000, 'within 1 s');
    assert.is(closed.code, 1008);
    assert.is(session.errors[0]?.error?.code, 'key_disabled');
  } finally {
    session.rt.close();
  }
});

test('an admin closes a session through the registry: it ends with an error event and its row', async ({ harness, key }) => {
  const session = sdkSession(harness.url, key.key, 'gpt-realtime');
  try {
    await session.waitFor('session.created');
    const open = await harness.gateway.realtimeSessions.list();
    assert.is(open.length, 1);
    assert.is(open[0]!.model, 'gpt-realtime');
    assert.ok(await harness.gateway.realtimeSessions.close(open[0]!.id, 'testing'));
    await session.closed;
    assert.is(session.errors[0]?.error?.code, 'closed_by_admin');
    await eventually(async () => (await harness.gateway.realtimeSessions.list()).length === 0, 'the registry empty');
  } finally {
    session.rt.close();
  }
});

test('a per-minute provider (Ultravox, per started 6 s) is billed as the call runs: too small a budget refuses the session with 429, a larger one ends it mid-call', async ({ harness }) => {
  await harness.graphql('mutation { createModelCost(input: { model: "voice-agent", inputPerMillion: 0, outputPerMillion: 0, sessionPerMinute: 0.05 }) { id } }');
  await harness.gateway.services.limitDefaults.update({ realtimeBillingSliceSeconds: 6 });
  try {
    // A slice of 6 s at $0.05 a minute reserves $0.005.
    const poor = await harness.createKey({ name: 'poor', maxBudget: 0.004, budgetPeriod: 'DAILY' });
    const refused = await refusedHandshake(harness.url, '/v1/realtime?model=voice-agent', { authorization: `Bearer ${poor.key}` });
    assert.is(refused.status, 429);
    assert.is(refused.body.error?.code, 'budget_exceeded');

    // $0.012 covers the first two started increments (billed at 0 s and 6 s) but not a third slice.
    const { key, id } = await harness.createKey({ name: 'per minute', maxBudget: 0.012, budgetPeriod: 'DAILY' });
    const started = Date.now();
    const session = sdkSession(harness.url, key, 'voice-agent');
    try {
      await session.waitFor('session.created');
      // Admitted between `started` and session.created: a slow handshake (a loaded machine) must not
      // count as a late cut, nor hide an early one.
      const created = Date.now();
      session.rt.send({ type: 'input_audio_buffer.append', audio: pcmBase64(2400) });
      const closed = await session.closed;
      const closedAt = Date.now();
      assert.ok(closedAt - started >= 5500, `closed ${closedAt - started} ms after the handshake began: not before the second increment`);
      assert.ok(closedAt - created < 9000, `closed ${closedAt - created} ms after session.created: when the second increment began, not the third`);
      assert.is(closed.code, 1008);
      assert.is(session.errors[0]?.error?.code, 'budget_exceeded');
    } finally {
      session.rt.close();
    }
    const query = async () =>
      (await harness.gateway.database.sequelize.query("SELECT cost_nanos, audio_seconds, total_tokens FROM request_logs WHERE endpoint = 'realtime' AND status = 101 AND virtual_key_id = ?", { replacements: [id] }))[0];
    await eventually(async () => { await harness.gateway.logWriter.flush(); return (await query()).length === 1; }, 'the session row');
    const rows = await query();
    const row = (rows as Array<{ cost_nanos: number; audio_seconds: number; total_tokens: number | null }>)[0]!;
    assert.is(Number(row.cost_nanos), 10_000_000, 'two started increments of 6 s at $0.05 a minute');
    assert.ok(Number(row.audio_seconds) >= 0.1, 'audio seconds logged');
    assert.is(row.total_tokens, null, 'Ultravox reports no tokens');
    const spent = await harness.graphql<{ virtualKey: { spend: number; reserved: number } }>('query($id: ID!) { virtualKey(id: $id) { spend reserved } }', { id });
    assert.is(Math.round(spent.virtualKey.spend * 1e9), 10_000_000);
    // The rollups are folded beside the log writer, moments after its batch.
    const rollupQuery = async () =>
      (await harness.gateway.database.sequelize.query("SELECT requests, cost, audio_seconds FROM usage_rollups WHERE endpoint = 'realtime' AND virtual_key_id = ?", { replacements: [id] }))[0] as Array<{ requests: number; cost: number; audio_seconds: number }>;
    await eventually(async () => (await rollupQuery()).length === 1, 'the session in the rollups');
    const rollup = (await rollupQuery())[0]!;
    assert.equal([Number(rollup.requests), Number(rollup.cost)], [1, 10_000_000], 'the session is in the usage rollups');
    assert.ok(Number(rollup.audio_seconds) >= 0.1);
    assert.is(spent.virtualKey.reserved, 0);
  } finally {
    await harness.gateway.services.limitDefaults.update({ realtimeBillingSliceSeconds: 60 });
  }
});

test('a session past the longest duration is closed, even while it is busy', async ({ harness, key }) => {
  await harness.gateway.services.limitDefaults.update({ realtimeMaxSessionSeconds: 2 });
  const session = sdkSession(harness.url, key.key, 'gpt-realtime');
  const busy = setInterval(() => session.rt.send({ type: 'input_audio_buffer.append', audio: pcmBase64(240) }), 200);
  try {
    await session.waitFor('session.created');
    const closed = await session.closed;
    assert.is(closed.code, 1000);
    assert.is(session.errors[0]?.error?.code, 'session_expired');
  } finally {
    clearInterval(busy);
    session.rt.close();
    await harness.gateway.services.limitDefaults.update({ realtimeMaxSessionSeconds: 3600 });
  }
});

test('a key deleted mid-session is disconnected', async ({ harness }) => {
  const { key, id } = await harness.createKey({ name: 'to delete' });
  const session = sdkSession(harness.url, key, 'gpt-realtime');
  try {
    await session.waitFor('session.created');
    await harness.graphql('mutation($id: ID!) { deleteVirtualKey(id: $id) }', { id });
    const closed = await session.closed;
    assert.is(closed.code, 1008);
    assert.is(session.errors[0]?.error?.code, 'key_disabled');
  } finally {
    session.rt.close();
  }
});

test('a key that expires mid-session is disconnected when it expires', async ({ harness }) => {
  const expiresAt = new Date(Date.now() + 3000);
  const { key } = await harness.createKey({ name: 'expiring', expiresAt: expiresAt.toISOString() });
  const session = sdkSession(harness.url, key, 'gpt-realtime');
  try {
    await session.waitFor('session.created');
    const closed = await session.closed;
    assert.ok(Date.now() >= expiresAt.getTime() && Date.now() < expiresAt.getTime() + 1500, 'closed within a second of the expiry');
    assert.is(closed.code, 1008);
    assert.is(session.errors[0]?.error?.code, 'key_disabled');
  } finally {
    session.rt.close();
  }
});

test('a provider that drops the session mid-way: the client gets an upstream_error event and a 1011 close, and the row says so', async ({ harness, key }) => {
  const fragile = await startOpenAIRealtimeFake();
  const provider = await harness.createProvider({ name: 'fragile', type: 'openai', baseUrl: fragile.provider.baseUrl, apiKey: fragile.provider.credentials.apiKey });
  await harness.createDeployment({ modelName: 'fragile-realtime', providerId: provider, providerModel: 'gpt-realtime' });
  const session = sdkSession(harness.url, key.key, 'fragile-realtime');
  try {
    await session.waitFor('session.created');
    await fragile.close();
    const closed = await session.closed;
    assert.is(closed.code, 1011);
    assert.is(session.errors[0]?.error?.code, 'upstream_error');
  } finally {
    session.rt.close();
  }
  await eventually(async () => (await realtimeRows(harness)).some((row) => row.model === 'fragile-realtime' && row.error_code === 'upstream_error'), 'the session row');
});

test('an idle session is closed after the idle timeout with an error event', async ({ harness, key }) => {
  await harness.gateway.services.limitDefaults.update({ realtimeIdleTimeoutSeconds: 1 });
  const session = sdkSession(harness.url, key.key, 'gpt-realtime');
  try {
    await session.waitFor('session.created');
    const closed = await session.closed;
    assert.is(closed.code, 1000);
    assert.is(session.errors[0]?.error?.code, 'idle_timeout');
  } finally {
    session.rt.close();
    await harness.gateway.services.limitDefaults.update({ realtimeIdleTimeoutSeconds: 300 });
  }
});

test('a client that does not read is closed with a clear reason instead of growing the gateway\'s memory', async ({ harness, openai, key }) => {
  const browser = browserSession(harness.url, key.key, 'gpt-realtime');
  await browser.opened;
  try {
    await waitUntil(() => browser.seen.some((event) => event.type === 'session.created'), 'session.created');
    const sessionId = (await harness.gateway.realtimeSessions.list())[0]!.id;
    (browser.socket as unknown as { _socket: import('node:net').Socket })._socket.pause();
    // 600 s of 24 kHz PCM16 is 28.8 MB, 38 MB as base64: far more than loopback buffers hold and
    // the 8 MiB a client may leave unread at the gateway.
    openai.speak(600);
    await eventually(async () => (await realtimeRows(harness)).some((row) => row.request_id === sessionId && row.error_code === 'client_backpressure'), 'the session closed for not reading', 20_000);
    const row = (await realtimeRows(harness)).find((each) => each.request_id === sessionId)!;
    assert.match(String(row.error_message), /not reading/);
    assert.is((await harness.gateway.realtimeSessions.list()).length, 0);
  } finally {
    browser.socket.terminate();
  }
});

test('client secrets: minted for a key and model, accepted once in place of the key, refused for another model or twice', async ({ harness, openai, key }) => {
  const mint = async (body: unknown, authorization = `Bearer ${key.key}`) =>
    fetch(`${harness.url}/v1/realtime/client_secrets`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const response = await mint({ session: { type: 'realtime', model: 'gpt-realtime', instructions: 'Be brief.' } });
  assert.is(response.status, 200);
  const secret = (await response.json()) as { value: string; expires_at: number; session: { model: string; type: string; object: string; instructions: string } };
  assert.match(secret.value, /^ek_[A-Za-z0-9._-]+$/);
  assert.ok(!secret.value.includes(key.key), 'the key is not in the secret');
  const now = Math.floor(Date.now() / 1000);
  assert.ok(secret.expires_at >= now + 58 && secret.expires_at <= now + 61, 'expires in 60 s by default');
  assert.equal([secret.session.type, secret.session.object, secret.session.model, secret.session.instructions], ['realtime', 'realtime.session', 'gpt-realtime', 'Be brief.']);

  const otherModel = await refusedHandshake(harness.url, '/v1/realtime?model=failover-realtime', { authorization: `Bearer ${secret.value}` });
  assert.is(otherModel.status, 401);
  assert.is(otherModel.body.error?.code, 'invalid_client_secret');

  const browser = browserSession(harness.url, secret.value, 'gpt-realtime');
  await browser.opened;
  try {
    assert.is(browser.socket.protocol, 'realtime');
    await waitUntil(() => browser.seen.some((event) => event.type === 'session.updated'), 'the session configured from the secret');
    assert.is(openai.session().instructions, 'Be brief.', "the secret's session configuration reached the provider");
    assert.is(openai.session().model, 'gpt-realtime', "the provider's model, not one from the secret");
  } finally {
    browser.socket.close();
  }
  const again = await refusedHandshake(harness.url, '/v1/realtime?model=gpt-realtime', { authorization: `Bearer ${secret.value}` });
  assert.is(again.status, 401, 'single use');
  assert.is(again.body.error?.code, 'invalid_client_secret');

  const longer = (await (await mint({ expires_after: { anchor: 'created_at', seconds: 600 }, session: { model: 'gpt-realtime' } })).json()) as { expires_at: number };
  assert.ok(longer.expires_at >= now + 598);
  const unknownModel = await mint({ session: { model: 'no-such-model' } });
  assert.is(unknownModel.status, 404);
  const badSeconds = await mint({ expires_after: { seconds: 5 }, session: { model: 'gpt-realtime' } });
  assert.is(badSeconds.status, 400);
  const huge = await mint({ session: { model: 'gpt-realtime', instructions: 'x'.repeat(5000) } });
  assert.is(huge.status, 400);
  const withSecret = await mint({ session: { model: 'gpt-realtime' } }, `Bearer ${secret.value}`);
  assert.is(withSecret.status, 401, 'a client secret cannot mint another');
});

test('with CONDUIT_TLS_CERT_FILE and CONDUIT_TLS_KEY_FILE the gateway serves WSS: the SDK connects with the certificate as CA', async ({ openai }) => {
  const tls = selfSignedCertificate();
  const secure = await startTestGateway({ databaseUrl: await sqliteTarget.freshDatabaseUrl(), env: { CONDUIT_TLS_CERT_FILE: tls.certFile, CONDUIT_TLS_KEY_FILE: tls.keyFile } });
  try {
    assert.match(secure.url, /^https:/);
    // fetch() would refuse the self-signed certificate: configured through the services instead of GraphQL.
    const { services } = secure.gateway;
    const provider = await services.providers.create({ name: 'openai-rt', type: 'openai', baseUrl: openai.provider.baseUrl, apiKey: openai.provider.credentials.apiKey });
    await services.deployments.create({ modelName: 'gpt-realtime', providerId: provider.id, providerModel: 'gpt-realtime' });
    const { key } = await services.virtualKeys.create({ name: 'tls' });
    const session = sdkSession(secure.url, key, 'gpt-realtime', { ca: tls.cert });
    try {
      await session.waitFor('session.created');
      assert.is(session.errors.length, 0);
    } finally {
      session.rt.close();
    }
    await session.closed;
  } finally {
    await secure.close();
  }
});

test.run();
