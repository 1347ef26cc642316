/**
 * GraphQL subscriptions on /graphql through both transports with their real client libraries
 * (graphql-ws over WebSocket, graphql-sse over SSE, and curl-style raw SSE), against a real gateway:
 * authentication, the upgrade dispatcher, limits, and a clean end on shutdown.
 */
import { connect } from 'node:net';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestGateway, testMasterKey, type TestGateway } from '../support/test-gateway.ts';
import { sseSubscribe, wsSubscriber } from '../support/admin-subscribers.ts';

const bearer = `Bearer ${testMasterKey}`;
const configChanged = 'subscription { configChanged { entity id action } }';
const createGroup = (gateway: TestGateway, name: string) =>
  gateway.graphql<{ createKeyGroup: { id: string } }>('mutation($input: CreateKeyGroupInput!) { createKeyGroup(input: $input) { id } }', { input: { name } });

const test = suite<{ gateway: TestGateway }>('GraphQL subscriptions over graphql-ws and SSE');

test.before.each(async (context) => {
  context.gateway = await startTestGateway({ env: { CONDUIT_MAX_SUBSCRIPTIONS_PER_CONNECTION: '100' } });
});
test.after.each(async ({ gateway }) => {
  await gateway.close();
});

test('a graphql-ws subscriber receives configChanged for a mutation', async ({ gateway }) => {
  const subscriber = wsSubscriber(gateway.url, bearer);
  const events = subscriber.subscribe<{ configChanged: { entity: string; id: string; action: string } }>(configChanged);
  await subscriber.connected;
  await waitForSubscribers(gateway, 1);
  const { createKeyGroup } = await createGroup(gateway, 'team-a');
  const event = await events.next();
  assert.equal(event.data?.configChanged, { entity: 'keyGroup', id: createKeyGroup.id, action: 'create' });
  await subscriber.dispose();
});

test('a graphql-sse subscriber receives configChanged for a mutation', async ({ gateway }) => {
  const events = sseSubscribe<{ configChanged: { entity: string; id: string; action: string } }>(gateway.url, bearer, configChanged);
  await waitForSubscribers(gateway, 1);
  const { createKeyGroup } = await createGroup(gateway, 'team-b');
  const event = await events.next();
  assert.equal(event.data?.configChanged, { entity: 'keyGroup', id: createKeyGroup.id, action: 'create' });
  await events.stop();
});

test('raw SSE (as curl -N does it) streams events with a GET and the credential header', async ({ gateway }) => {
  const controller = new AbortController();
  const response = await fetch(`${gateway.url}/graphql?query=${encodeURIComponent(configChanged)}`, {
    headers: { accept: 'text/event-stream', authorization: bearer },
    signal: controller.signal,
  });
  assert.is(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /text\/event-stream/);
  await waitForSubscribers(gateway, 1);
  await createGroup(gateway, 'team-c');
  const reader = response.body!.getReader();
  let text = '';
  while (!text.includes('"configChanged"')) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  assert.match(text, /event: next\ndata: \{"data":\{"configChanged":\{"entity":"keyGroup"/);
  controller.abort();
});

test('SSE without a valid credential is answered 401 and nothing streams', async ({ gateway }) => {
  for (const authorization of [undefined, 'Bearer wrong-key-0123456789abcdef']) {
    const response = await fetch(`${gateway.url}/graphql?query=${encodeURIComponent(configChanged)}`, {
      headers: { accept: 'text/event-stream', ...(authorization ? { authorization } : {}) },
    });
    assert.is(response.status, 401);
    const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
    assert.is(body.errors[0]!.extensions.code, 'UNAUTHENTICATED');
  }
});

test('graphql-ws without a valid credential is closed with 4401', async ({ gateway }) => {
  for (const authorization of [undefined, 'Bearer wrong-key-0123456789abcdef', testMasterKey.slice(1)]) {
    const subscriber = wsSubscriber(gateway.url, authorization);
    const closed = await subscriber.closed;
    assert.is(closed.code, 4401, `credential ${authorization}`);
    await subscriber.dispose();
  }
});

test('the bare master key (without "Bearer") is accepted in connectionParams', async ({ gateway }) => {
  const subscriber = wsSubscriber(gateway.url, testMasterKey);
  await subscriber.connected;
  await subscriber.dispose();
});

test('an upgrade on an unknown path gets HTTP 404 and the socket is closed', async ({ gateway }) => {
  const response = await rawUpgrade(gateway.gateway.port, '/v1/nothing-here');
  assert.match(response, /^HTTP\/1\.1 404 Not Found\r\n/);
});

test('an upgrade without the graphql-transport-ws subprotocol is refused', async ({ gateway }) => {
  const WebSocket = (await import('ws')).default;
  const socket = new WebSocket(`${gateway.url.replace('http', 'ws')}/graphql`, 'not-graphql');
  const outcome = await new Promise<string>((resolve) => {
    socket.once('close', (code) => resolve(`close ${code}`));
    socket.once('error', (error) => resolve(`error ${error.message}`));
  });
  assert.ok(outcome.startsWith('close 4406') || outcome.startsWith('error'), outcome);
});

test('one connection subscribing 1,000 times is capped with a clear error', async ({ gateway }) => {
  const subscriber = wsSubscriber(gateway.url, bearer);
  await subscriber.connected;
  const subscriptions = Array.from({ length: 1000 }, () => subscriber.subscribe(configChanged));
  const refused = await Promise.all(
    subscriptions.map((subscription) =>
      subscription.ended.then(
        () => false,
        (error: unknown) => JSON.stringify(error).includes('TOO_MANY_SUBSCRIPTIONS') || String(error).includes('Too many operations'),
      ),
    ).slice(100),
  );
  assert.ok(refused.every(Boolean), 'every subscription past the 100th is refused');
  assert.ok(await waitForSubscribers(gateway, 100));
  await subscriber.dispose();
});

test('depth and cost limits apply to subscriptions over both transports', async ({ gateway }) => {
  const aliases = `subscription { configChanged { ${Array.from({ length: 600 }, (_, index) => `a${index}: entity`).join(' ')} } }`;
  const subscriber = wsSubscriber(gateway.url, bearer);
  await subscriber.connected;
  for (const query of [aliases]) {
    const error = await subscriber.subscribe(query).ended.then(() => undefined, (caught: unknown) => caught);
    // Refused before execution by the document limits (600 aliases) or the cost limit, whichever sees it first.
    assert.match(JSON.stringify(error), /too many aliases|too expensive/);
    // Over SSE a validation error is the stream's one result, then `complete`.
    const overSse = sseSubscribe(gateway.url, bearer, query);
    await overSse.ended;
    assert.match(JSON.stringify(overSse.results), /QUERY_TOO_COMPLEX|QUERY_TOO_EXPENSIVE/);
  }
  const nested = 'subscription { providerHealthChanged { provider { health { provider { health { provider { health { provider { health { provider { health { provider { id } } } } } } } } } } } } }';
  const error = await subscriber.subscribe(nested).ended.then(() => undefined, (caught: unknown) => caught);
  assert.match(JSON.stringify(error), /nested too deeply/);
  await subscriber.dispose();
});

test('subscriptions end cleanly on shutdown: complete over SSE, complete then 1001 over graphql-ws', async ({ gateway }) => {
  const subscriber = wsSubscriber(gateway.url, bearer);
  const overWs = subscriber.subscribe(configChanged);
  const overSse = sseSubscribe(gateway.url, bearer, configChanged);
  await subscriber.connected;
  await waitForSubscribers(gateway, 2);
  const started = Date.now();
  await gateway.close();
  assert.ok(Date.now() - started < 5000, 'shutdown does not wait for the grace period');
  await overSse.ended;
  await overWs.ended;
  assert.is((await subscriber.closed).code, 1001);
  await subscriber.dispose();
});

test('mutations are refused over GET', async ({ gateway }) => {
  const query = encodeURIComponent('mutation { markAllNotificationsRead }');
  const response = await fetch(`${gateway.url}/graphql?query=${query}`, { headers: { authorization: bearer, accept: 'application/json' } });
  assert.is(response.status, 405);
});

test('introspection needs a valid credential', async ({ gateway }) => {
  const anonymous = await gateway.graphqlRaw('{ __schema { queryType { name } } }', undefined, 'not-the-key-0123456789');
  assert.is(anonymous.status, 401);
  const admin = await gateway.graphqlRaw('{ __schema { queryType { name } } }');
  assert.equal(admin.body.data, { __schema: { queryType: { name: 'Query' } } });
});

test('CORS is closed by default: no Access-Control-Allow-Origin for any origin', async ({ gateway }) => {
  const preflight = await fetch(`${gateway.url}/graphql`, {
    method: 'OPTIONS',
    headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
  });
  assert.is(preflight.headers.get('access-control-allow-origin'), null);
});

async function waitForSubscribers(gateway: TestGateway, count: number): Promise<boolean> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    if (gateway.gateway.liveSubscriptions.open >= count) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`fewer than ${count} subscriptions opened (${gateway.gateway.liveSubscriptions.open})`);
}

function rawUpgrade(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
}

const cors = suite<{ gateway: TestGateway }>('CORS with CONDUIT_ADMIN_CORS_ORIGINS');
cors.before(async (context) => {
  context.gateway = await startTestGateway({ env: { CONDUIT_ADMIN_CORS_ORIGINS: 'https://admin.example.com' } });
});
cors.after(async ({ gateway }) => gateway.close());

cors('a listed origin is allowed, another is not', async ({ gateway }) => {
  const ask = (origin: string) =>
    fetch(`${gateway.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
  const listed = await ask('https://admin.example.com');
  const other = await ask('https://evil.example');
  assert.is(listed.headers.get('access-control-allow-origin'), 'https://admin.example.com');
  assert.is(other.headers.get('access-control-allow-origin'), null);
  // The answers differ by Origin: a cache must keep them apart.
  for (const response of [listed, other]) assert.match(response.headers.get('vary') ?? '', /\bOrigin\b/i);
  const query = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { origin: 'https://admin.example.com', authorization: bearer, 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ me { role } }' }),
  });
  assert.is(query.headers.get('access-control-allow-origin'), 'https://admin.example.com');
  assert.match(query.headers.get('vary') ?? '', /\bOrigin\b/i);
});

test.run();
cors.run();

const slow = suite<{ gateway: TestGateway }>('a slow graphql-ws subscriber');
slow.before(async (context) => {
  context.gateway = await startTestGateway({ env: { CONDUIT_SUBSCRIPTION_QUEUE_LIMIT: '50' } });
});
slow.after(async ({ gateway }) => gateway.close());

slow('a subscriber that stops reading is ended with SUBSCRIBER_TOO_SLOW while the gateway keeps serving', async ({ gateway }) => {
  const WebSocket = (await import('ws')).default;
  const socket = new WebSocket(`${gateway.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
  const messages: Array<{ type: string; id?: string; payload?: unknown }> = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data)) as { type: string }));
  await new Promise((resolve) => socket.once('open', resolve));
  socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: bearer } }));
  while (!messages.some((message) => message.type === 'connection_ack')) await new Promise((resolve) => setTimeout(resolve, 5));
  socket.send(JSON.stringify({ type: 'subscribe', id: 'slow', payload: { query: 'subscription { configChanged { entity id action } }' } }));
  await waitForSubscribers(gateway, 1);
  // Stop reading: the kernel buffers fill, the server's sends wait, events queue up for this subscriber.
  (socket as unknown as { _socket: { pause(): void } })._socket.pause();
  const big = 'x'.repeat(16_384);
  const started = Date.now();
  for (let index = 0; index < 5000 && gateway.gateway.liveSubscriptions.open > 0; index++) {
    gateway.gateway.events.pubSub.publish('conduit:adminChange' as 'adminChange', { entity: big, id: String(index), action: 'update' });
    if (index % 100 === 99) await new Promise((resolve) => setImmediate(resolve));
  }
  const deadline = Date.now() + 10_000;
  while (gateway.gateway.liveSubscriptions.open > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.is(gateway.gateway.liveSubscriptions.open, 0, 'the slow subscription was ended on the server');
  const health = await fetch(`${gateway.url}/health/live`);
  assert.is(health.status, 200, 'the gateway kept serving');
  assert.ok(Date.now() - started < 10_000);
  // Reading again, the client gets what was sent before, then the error that ended it.
  (socket as unknown as { _socket: { resume(): void } })._socket.resume();
  const errorDeadline = Date.now() + 10_000;
  while (!messages.some((message) => message.type === 'error') && Date.now() < errorDeadline) await new Promise((resolve) => setTimeout(resolve, 10));
  const error = messages.find((message) => message.type === 'error');
  assert.ok(error, `got ${messages.length} messages, none an error`);
  assert.match(JSON.stringify(error.payload), /SUBSCRIBER_TOO_SLOW/);
  assert.ok(messages.filter((message) => message.type === 'next').length < 5000, 'the backlog was dropped, not delivered');
  socket.close();
});

slow.run();
