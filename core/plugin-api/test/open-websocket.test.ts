import { createServer } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createWebSocketOpener, ProviderError } from '../src/index.ts';
import { startFakeWebSocketServer } from '../src/conformance/index.ts';

async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function failure(work: Promise<unknown>): Promise<ProviderError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(ProviderError.isInstance(error), `expected a ProviderError, got ${String(error)}`);
  return error;
}

test('a refused handshake becomes the ProviderError of its status, with the provider message and no secret', async () => {
  const server = await startFakeWebSocketServer({
    authorize: () => ({ status: 429, body: { error: { message: 'Too many sessions' } } }),
    connection: () => undefined,
  });
  try {
    const open = createWebSocketOpener();
    const error = await failure(open(`${server.wsOrigin}/x`, { headers: { authorization: 'Bearer sk-secret-1' }, signal: new AbortController().signal }));
    assert.is(error.code, 'rate_limit');
    assert.is(error.status, 429);
    assert.match(error.message, 'Too many sessions');
    assert.not.match(error.message, 'sk-secret-1');
  } finally {
    await server.close();
  }
});

test('nothing listening is a retryable connection error; an aborted signal is aborted', async () => {
  const open = createWebSocketOpener();
  const port = await refusedPort();
  const refused = await failure(open(`ws://127.0.0.1:${port}/`, { signal: new AbortController().signal }));
  assert.is(refused.code, 'connection');
  assert.ok(refused.retryable);
  const abort = new AbortController();
  abort.abort();
  assert.is((await failure(open(`ws://127.0.0.1:${port}/`, { signal: abort.signal }))).code, 'aborted');
});

test('frames arrive in order, text as strings and binary as bytes, through a paused socket; closed gives the code', async () => {
  const server = await startFakeWebSocketServer({
    connection(ws) {
      for (let i = 0; i < 500; i++) ws.send(i % 2 ? Buffer.from([i & 0xff]) : `text ${i}`);
      ws.close(4001, 'done');
    },
  });
  try {
    const socket = await createWebSocketOpener({ highWaterMark: 8 })(`${server.wsOrigin}/`, { signal: new AbortController().signal });
    const seen: Array<string | number> = [];
    for await (const message of socket.messages) {
      seen.push(typeof message === 'string' ? message : message[0]);
      if (seen.length % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    assert.is(seen.length, 500);
    assert.is(seen[0], 'text 0');
    assert.is(seen[1], 1);
    assert.is(seen[499], 499 & 0xff);
    assert.equal(await socket.closed, { code: 4001, reason: 'done' });
  } finally {
    await server.close();
  }
});

test.run();
