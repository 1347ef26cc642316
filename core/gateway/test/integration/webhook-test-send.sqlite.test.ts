/**
 * `sendTestWebhook` against a real local HTTP receiver: a TEST notification signed and shaped like
 * real deliveries (the same headers and body fields, the signature verifiable with the secret), and
 * what the admin sees for a 2xx, a non-2xx, an unreachable URL and a receiver that never answers
 * (the webhook's timeout); refused without a URL; ADMIN only; audited.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { verifyWebhook } from '../../src/engine/notifications/webhook-signature.ts';
import { freePort } from '../../../../test/support/services.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

interface Receiver {
  url: string;
  received: Received[];
  /** How the next request is answered: a status, or 'hang' (never answers). */
  mode: number | 'hang';
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const hanging: ServerResponse[] = [];
  const receiver: Receiver = {
    url: '',
    received: [],
    mode: 200,
    close: async () => {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      receiver.received.push({ headers: request.headers, body });
      if (receiver.mode === 'hang') hanging.push(response);
      else response.writeHead(receiver.mode, { 'content-type': 'text/plain' }).end('answer');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/conduit`;
  return receiver;
}

interface TestResult {
  url: string;
  ok: boolean;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
}

const sendTest = 'mutation { sendTestWebhook { url ok statusCode latencyMs error } }';
const secret = 'test-webhook-secret-0123456789';

const test = suite<{ gateway: TestGateway; receiver: Receiver }>('sendTestWebhook against a real receiver');

test.before(async (context) => {
  context.gateway = await startTestGateway();
  context.receiver = await startReceiver();
});
test.after(async ({ gateway, receiver }) => {
  await receiver.close();
  await gateway.close();
});

async function configure(gateway: TestGateway, input: Record<string, unknown>): Promise<void> {
  await gateway.graphql('mutation($input: UpdateWebhookSettingsInput!) { updateWebhookSettings(input: $input) { url } }', { input });
}

async function send(gateway: TestGateway): Promise<TestResult> {
  return (await gateway.graphql<{ sendTestWebhook: TestResult }>(sendTest)).sendTestWebhook;
}

test('without a URL it is refused with the field named', async ({ gateway }) => {
  const { body } = await gateway.graphqlRaw(sendTest);
  assert.is(body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
  assert.match(body.errors![0]!.message, /url: no webhook URL is set/);
});

test('a 2xx: ok, with status and latency; the TEST notification is signed and shaped like real deliveries', async ({ gateway, receiver }) => {
  // Disabled on purpose: a webhook can be tried before it is switched on.
  await configure(gateway, { url: receiver.url, secret, enabled: false, timeoutMs: 5000 });
  receiver.mode = 204;
  const result = await send(gateway);
  assert.equal({ ...result, latencyMs: 0 }, { url: receiver.url, ok: true, statusCode: 204, latencyMs: 0, error: null });
  assert.ok(result.latencyMs >= 0 && result.latencyMs < 5000);

  assert.is(receiver.received.length, 1);
  const { headers, body } = receiver.received[0]!;
  assert.is(headers['content-type'], 'application/json');
  assert.is(headers['user-agent'], 'Conduit-Webhook/1');
  assert.is(headers['x-conduit-event'], 'TEST');
  const payload = JSON.parse(body) as Record<string, unknown>;
  assert.is(headers['x-conduit-delivery'], payload.id);
  assert.equal(Object.keys(payload).sort(), ['attempt', 'createdAt', 'data', 'id', 'keyGroupId', 'message', 'severity', 'type', 'virtualKeyId']);
  assert.is(payload.type, 'TEST');
  assert.equal(payload.data, { test: true });
  const timestamp = Number(headers['x-conduit-timestamp']);
  assert.ok(Math.abs(timestamp - Date.now() / 1000) < 60);
  assert.ok(verifyWebhook(secret, timestamp, body, String(headers['x-conduit-signature'])), 'signed with the secret');
  assert.not.ok(verifyWebhook('some-other-secret-0123456789', timestamp, body, String(headers['x-conduit-signature'])));
});

test('a non-2xx: not ok, with the status', async ({ gateway, receiver }) => {
  receiver.mode = 503;
  const result = await send(gateway);
  assert.is(result.ok, false);
  assert.is(result.statusCode, 503);
  assert.is(result.error, 'HTTP 503');
});

test('an unreachable URL: not ok, no status, the reason', async ({ gateway }) => {
  const closed = await freePort();
  await configure(gateway, { url: `http://127.0.0.1:${closed}/nobody-listens` });
  const result = await send(gateway);
  assert.is(result.ok, false);
  assert.is(result.statusCode, null);
  assert.match(result.error ?? '', /connection refused/);
});

test('a receiver that never answers: given up after the webhook timeout', async ({ gateway, receiver }) => {
  await configure(gateway, { url: receiver.url, timeoutMs: 300 });
  receiver.mode = 'hang';
  const started = Date.now();
  const result = await send(gateway);
  assert.is(result.ok, false);
  assert.is(result.statusCode, null);
  assert.is(result.error, 'timed out after 300 ms');
  assert.ok(result.latencyMs >= 290 && Date.now() - started < 3000, `${result.latencyMs} ms`);
});

test('ADMIN only (an OPERATOR is refused), and every send is audited', async ({ gateway }) => {
  const created = await gateway.graphql<{ createAdminToken: { token: string } }>('mutation { createAdminToken(input: { name: "operator", role: OPERATOR }) { token } }');
  const refused = await gateway.graphqlRaw(sendTest, undefined, created.createAdminToken.token);
  assert.is(refused.body.errors?.[0]?.extensions?.code, 'FORBIDDEN');
  const rows = await gateway.models.AuditLogRecord.findAll({ where: { mutation: 'sendTestWebhook' } });
  // The 2xx, the 503, the unreachable and the timed-out sends; not the refused ones.
  assert.is(rows.length, 4);
  assert.ok(rows.every((row) => row.entity === 'webhookSettings' && row.action === 'check'));
});

test.run();
