/**
 * Open subscriptions end when the admin token that opened them stops working, through both
 * transports with their real clients against a real gateway: revoked (graphql-ws closes with 4401,
 * an SSE stream sends an UNAUTHENTICATED error and ends), and expired (the same, at the expiry, with
 * no request to notice it). The master key's subscriptions and other tokens' carry on.
 * (A revocation made on another instance: live-events-multi-instance.test.ts.)
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestGateway, testMasterKey, type TestGateway } from '../support/test-gateway.ts';
import { sseSubscribe, wsSubscriber, type Collected } from '../support/admin-subscribers.ts';

const configChanged = 'subscription { configChanged { entity id action } }';
type Changed = { configChanged: { entity: string; id: string | null; action: string } };

const test = suite<{ gateway: TestGateway }>('open subscriptions end when their admin token is revoked or expires');

test.before(async (context) => {
  context.gateway = await startTestGateway();
});
test.after(async ({ gateway }) => {
  await gateway.close();
});

async function createToken(gateway: TestGateway, name: string, expiresAt?: Date): Promise<{ token: string; id: string }> {
  const data = await gateway.graphql<{ createAdminToken: { token: string; adminToken: { id: string } } }>(
    'mutation($input: CreateAdminTokenInput!) { createAdminToken(input: $input) { token adminToken { id } } }',
    { input: { name, role: 'VIEWER', expiresAt: expiresAt?.toISOString() } },
  );
  return { token: data.createAdminToken.token, id: data.createAdminToken.adminToken.id };
}

async function waitForSubscribers(gateway: TestGateway, count: number): Promise<void> {
  const deadline = Date.now() + 5000;
  while (gateway.gateway.liveSubscriptions.open < count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} open subscriptions, have ${gateway.gateway.liveSubscriptions.open}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** `promise`, or a failure after `ms` (so a subscription that never ends fails the test instead of hanging it). */
function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Resolves with the error an SSE subscription ended on, once it ended. */
async function sseEndError(subscription: Collected<Changed>): Promise<{ message: string; code: unknown }> {
  await within(5000, subscription.ended, 'the SSE stream ended');
  const last = subscription.results.at(-1);
  const error = last?.errors?.[0];
  if (!error) throw new Error(`the stream ended without an error: ${JSON.stringify(subscription.results)}`);
  return { message: error.message, code: error.extensions?.code };
}

test('a revoked token: its graphql-ws connection closes with 4401 and its SSE stream ends with an error, promptly', async ({ gateway }) => {
  const revoked = await createToken(gateway, 'to revoke');
  const other = await createToken(gateway, 'stays');
  const ws = wsSubscriber(gateway.url, `Bearer ${revoked.token}`);
  ws.subscribe<Changed>(configChanged);
  await ws.connected;
  const sse = sseSubscribe<Changed>(gateway.url, `Bearer ${revoked.token}`, configChanged);
  const master = sseSubscribe<Changed>(gateway.url, `Bearer ${testMasterKey}`, configChanged);
  const otherWs = wsSubscriber(gateway.url, `Bearer ${other.token}`);
  const otherEvents = otherWs.subscribe<Changed>(configChanged);
  await otherWs.connected;
  await waitForSubscribers(gateway, 4);

  const started = Date.now();
  await gateway.graphql('mutation($id: ID!) { revokeAdminToken(id: $id) { active } }', { id: revoked.id });
  const closed = await within(5000, ws.closed, 'the WebSocket closed');
  assert.is(closed.code, 4401);
  assert.match(closed.reason, /admin token was revoked/);
  const ended = await sseEndError(sse);
  assert.is(ended.code, 'UNAUTHENTICATED');
  assert.match(ended.message, /admin token was revoked/);
  assert.ok(Date.now() - started < 1000, `ended within a second (${Date.now() - started} ms)`);

  // The master key's and the other token's subscriptions carry on and saw the revocation.
  const seen = (result: { data?: Changed | null }) => result.data?.configChanged.entity === 'adminToken' && result.data.configChanged.id === revoked.id;
  assert.equal((await master.next(seen)).data!.configChanged.action, 'revoke');
  await otherEvents.next(seen);
  await waitForSubscribers(gateway, 2);
  await master.stop();
  await otherWs.dispose();
  await ws.dispose();
});

test('an expired token: its open subscriptions end at the expiry, over both transports', async ({ gateway }) => {
  const expiresAt = new Date(Date.now() + 1500);
  const expiring = await createToken(gateway, 'expiring', expiresAt);
  const ws = wsSubscriber(gateway.url, `Bearer ${expiring.token}`);
  ws.subscribe<Changed>(configChanged);
  await ws.connected;
  const sse = sseSubscribe<Changed>(gateway.url, `Bearer ${expiring.token}`, configChanged);
  await waitForSubscribers(gateway, 2);
  assert.ok(Date.now() < expiresAt.getTime(), 'subscribed before the expiry');

  const [closed, ended] = await Promise.all([within(8000, ws.closed, 'the WebSocket closed'), sseEndError(sse)]);
  const late = Date.now() - expiresAt.getTime();
  assert.is(closed.code, 4401);
  assert.match(closed.reason, /admin token has expired/);
  assert.is(ended.code, 'UNAUTHENTICATED');
  assert.match(ended.message, /admin token has expired/);
  assert.ok(late >= -50 && late < 1000, `ended at the expiry (${late} ms after it)`);
  await waitForSubscribers(gateway, 0);
  // And it cannot come back.
  const again = wsSubscriber(gateway.url, `Bearer ${expiring.token}`);
  assert.is((await again.closed).code, 4401);
  await again.dispose();
  await ws.dispose();
});

test('the guard forgets a token once its last session ended', async ({ gateway }) => {
  const token = await createToken(gateway, 'short session');
  const ws = wsSubscriber(gateway.url, `Bearer ${token.token}`);
  const events = ws.subscribe<Changed>(configChanged);
  await ws.connected;
  await waitForSubscribers(gateway, 1);
  assert.is(gateway.gateway.adminSessions.size, 1);
  await events.stop();
  await ws.dispose();
  const deadline = Date.now() + 3000;
  while (gateway.gateway.adminSessions.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.is(gateway.gateway.adminSessions.size, 0);
});

test.run();
