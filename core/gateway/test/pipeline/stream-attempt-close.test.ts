// A stream attempt that fails before its first output is closed upstream, whatever failed: the
// gateway must not leave the connection open (and the upstream generating) after it gave up on it.
import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { waitUntil } from '../../../../test/support/wait-until.ts';
import { startTestGateway } from '../support/test-gateway.ts';

/**
 * Starts an OpenAI-like upstream whose streams send a role chunk, then an event that looks like a JSON
 * object but is not JSON (the gateway's own check finds it), then hang.
 */
async function startBrokenStreamUpstream() {
  const open = new Set<ServerResponse>();
  let closed = 0;
  const server = createServer((request, response) => {
    request.resume();
    if (!request.url?.includes('/chat/completions')) {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"object":"list","data":[]}');
      return;
    }
    open.add(response);
    response.once('close', () => {
      open.delete(response);
      closed++;
    });
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    const role = { id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] };
    response.write(`data: ${JSON.stringify(role)}\n\n`);
    response.write('data: {"usage": {not json}}\n\n');
    // ...and then nothing more: a broken upstream that keeps the connection open.
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    openStreams: () => open.size,
    closedStreams: () => closed,
    async close() {
      for (const response of open) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

test('a stream that fails before its first output is closed upstream', async () => {
  const broken = await startBrokenStreamUpstream();
  const harness = await startTestGateway();
  try {
    const brokenId = await harness.createProvider({ name: 'broken', type: 'openai', baseUrl: broken.baseUrl, apiKey: 'sk-broken' });
    await harness.createDeployment({ modelName: 'chat', providerId: brokenId, providerModel: 'm' });
    const client = harness.openai((await harness.createKey()).key);

    const failure = await client.chat.completions
      .create({ model: 'chat', messages: [{ role: 'user', content: 'hi' }], stream: true })
      .then(() => undefined, (error: unknown) => error as { status?: number });
    assert.is(failure?.status, 502, 'the broken stream is an upstream failure');
    await waitUntil(async () => broken.closedStreams() === 1, { timeoutMs: 3_000, description: 'the failed attempt closed upstream' });
    assert.is(broken.openStreams(), 0);
  } finally {
    await harness.close();
    await broken.close();
  }
});

test.run();
