/**
 * Shutdown of a real gateway process takes as long as the work in flight, not the grace period:
 * answers written during the drain say `Connection: close`, idle keep-alive connections are closed,
 * new connections are refused, and the process exits as soon as the last stream ended.
 */
import { request, Agent } from 'node:http';
import { connect, type Socket } from 'node:net';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import OpenAI from 'openai';
import { startOpenAIFakeUpstream, type OpenAIFakeUpstream } from '../../../../plugins/provider-openai/test/fake-openai-upstream.ts';
import { freePort, makeTempDir } from '../../../../test/support/services.ts';
import { spawnGateway, waitUntilReady, type GatewayProcess } from '../support/gateway-process.ts';

const test = suite<{ fake: OpenAIFakeUpstream }>('shutdown drain');
const masterKey = 'drain-fast-test-master-key-123456';

test.before(async (context) => {
  context.fake = await startOpenAIFakeUpstream();
});
test.after(async ({ fake }) => {
  await fake?.close();
});

async function graphql(gateway: GatewayProcess, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${masterKey}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data: any; errors?: Array<{ message: string }> };
  if (body.errors) throw new Error(body.errors.map((error) => error.message).join('; '));
  return body.data;
}

async function configure(gateway: GatewayProcess, fake: OpenAIFakeUpstream): Promise<string> {
  const provider = await graphql(gateway, 'mutation($input: CreateProviderInput!) { createProvider(input: $input) { id } }', {
    input: { name: 'fake', type: 'openai', baseUrl: fake.provider.baseUrl, apiKey: fake.provider.credentials.apiKey },
  });
  await graphql(gateway, 'mutation($input: CreateModelDeploymentInput!) { createModelDeployment(input: $input) { id } }', {
    input: { modelName: 'chat', providerId: provider.createProvider.id, providerModel: 'gpt-4o-mini' },
  });
  return (await graphql(gateway, 'mutation { createVirtualKey(input: { name: "drain" }) { key } }')).createVirtualKey.key;
}

/** A non-stream chat answer over a keep-alive connection; resolves with its status and Connection header. */
function chatOverKeepAlive(gateway: GatewayProcess, key: string, agent: Agent): Promise<{ status: number; connection: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      `${gateway.url}/v1/chat/completions`,
      { method: 'POST', agent, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' } },
      (incoming) => {
        let body = '';
        incoming.setEncoding('utf8');
        incoming.on('data', (chunk: string) => (body += chunk));
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, connection: incoming.headers.connection, body }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'x' }] }));
  });
}

test('SIGTERM during a stream: the process exits right after the stream ends, not after the grace period', async ({ fake }) => {
  fake.reset();
  const gateway = spawnGateway({
    PORT: String(await freePort()),
    CONDUIT_DATA_DIR: makeTempDir('drain-fast'),
    CONDUIT_MASTER_KEY: masterKey,
    CONDUIT_SHUTDOWN_GRACE_SECONDS: '20',
  });
  await waitUntilReady(gateway);
  const key = await configure(gateway, fake);
  const client = new OpenAI({ apiKey: key, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
  // A keep-alive connection that served a request before the drain and sits idle in the pool.
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  fake.enqueue({ type: 'message', text: 'warm', finish: 'stop', usage: { input: 1, output: 1 } });
  const warm = await chatOverKeepAlive(gateway, key, agent);
  assert.is(warm.status, 200);
  assert.is(warm.connection, 'keep-alive');
  // A connection opened and never used (a client pool's spare): the drain does not wait for it.
  const unused: Socket = connect(Number(new URL(gateway.url).port), new URL(gateway.url).hostname);
  const unusedClosed = new Promise<void>((resolve) => unused.once('close', () => resolve()));
  unused.on('error', () => {});
  await new Promise((resolve) => unused.once('connect', resolve));

  fake.enqueue({ type: 'message', text: 'one two three four five six', finish: 'stop', usage: { input: 3, output: 6 }, pieces: 6 });
  fake.setChunkDelay(200);
  const stream = await client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'x' }], stream: true });
  let text = '';
  let duringDrain: Promise<{ status: number; connection: string | undefined; body: string }> | undefined;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta.content ?? '';
    if (!duringDrain && text) {
      // An answer in flight whose head is not written yet when the drain begins.
      fake.setDelay(600);
      fake.enqueue({ type: 'message', text: 'late', finish: 'stop', usage: { input: 1, output: 1 } });
      duringDrain = chatOverKeepAlive(gateway, key, new Agent({ keepAlive: true }));
      while (fake.inFlight() < 2) await new Promise((resolve) => setTimeout(resolve, 10));
      fake.setDelay(0);
      gateway.child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 100));
      const refused = await fetch(`${gateway.url}/health/live`).then(
        (response) => `answered ${response.status}`,
        (error: Error & { cause?: { code?: string } }) => error.cause?.code ?? error.message,
      );
      assert.is(refused, 'ECONNREFUSED', 'new connections are refused while draining');
    }
  }
  const streamEnded = Date.now();
  assert.is(text, 'one two three four five six');
  const late = await duringDrain!;
  assert.is(late.status, 200);
  assert.is(late.connection, 'close', 'an answer written during the drain says Connection: close');
  assert.is(await gateway.exited, 0);
  const exitAfterMs = Date.now() - streamEnded;
  assert.ok(exitAfterMs < 4_000, `exited ${exitAfterMs} ms after the stream ended (grace period 20 s)`);
  await unusedClosed;
  fake.setChunkDelay(0);
  agent.destroy();
});

test.run();
