// conduit-test: own process (its timers must fire within 50 ms; other files' leftovers and garbage in a shared process can delay them)
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { createHttpClient, networkError } from '../src/http-client.ts';
import { Cancellation } from '../src/cancellation.ts';
import { ProviderError } from '../src/provider-error.ts';
import { ResponseHandler } from '../src/response-handler.ts';
import { parseRawHeaders } from '../src/handled-response.ts';
import { startOpenAIFakeUpstream, type OpenAIFakeUpstream } from '../../../plugins/provider-openai/test/fake-openai-upstream.ts';

let fake: OpenAIFakeUpstream;
const http = createHttpClient();

test.before(async () => {
  fake = await startOpenAIFakeUpstream();
});
test.before.each(() => fake.reset());
test.after(async () => {
  await fake.close();
  await http.close();
});

const chatBody = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true });
const post = (signal?: AbortSignal | Cancellation, timeouts?: { firstByteMs?: number; idleMs?: number }) =>
  http.request({
    method: 'POST',
    url: `${fake.provider.baseUrl}/chat/completions`,
    headers: { authorization: `Bearer ${fake.apiKey}`, 'content-type': 'application/json' },
    body: chatBody,
    signal,
    timeouts,
  });

async function rejection(work: Promise<unknown>): Promise<ProviderError> {
  try {
    await work;
  } catch (error) {
    assert.ok(ProviderError.isInstance(error), `expected a ProviderError, got ${String(error)}`);
    return error as ProviderError;
  }
  throw new Error('expected the call to fail');
}

test('a refused connection is a retryable connection error', async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const error = await rejection(http.request({ url: `http://127.0.0.1:${port}/v1/models` }));
  assert.equal([error.code, error.retryable], ['connection', true]);
  assert.match(error.message, /ECONNREFUSED/);
});

test('no headers within firstByteMs is a timeout', async () => {
  fake.setDelay(2000);
  const error = await rejection(post(undefined, { firstByteMs: 50 }));
  assert.equal([error.code, error.retryable], ['timeout', true]);
  assert.match(error.message, /first byte/);
});

test('a body that stalls longer than idleMs is a timeout while reading', async () => {
  fake.enqueue({ type: 'stream-hang', textBefore: 'started' });
  const response = await post(undefined, { idleMs: 100 });
  assert.is(response.status, 200);
  const error = await rejection(response.text());
  assert.equal([error.code, error.retryable], ['timeout', true]);
});

/** How long `work` takes to fail, in ms, and its error. */
async function timedRejection(work: () => Promise<unknown>): Promise<{ ms: number; error: ProviderError }> {
  const started = performance.now();
  const error = await rejection(work());
  return { ms: performance.now() - started, error };
}

// The bounds tell a timer that fires at its time from one rounded up to a whole second (the bug these
// guard against), with room for a loaded machine: no tighter, as a shared test process has other work.
const lateBoundMs = 400;

test('sub-second and odd first-byte timeouts fire at their time, not at the next whole second', async () => {
  for (const firstByteMs of [100, 250, 1050]) {
    fake.setDelay(3000);
    const { ms, error } = await timedRejection(() => post(undefined, { firstByteMs }));
    assert.is(error.code, 'timeout');
    assert.ok(ms >= firstByteMs - 5 && ms < firstByteMs + lateBoundMs, `firstByteMs ${firstByteMs} fired after ${ms.toFixed(0)} ms`);
  }
});

test('an idle timeout between body pieces fires at its time, not at the next whole second', async () => {
  for (const idleMs of [150, 1020]) {
    fake.enqueue({ type: 'stream-hang', textBefore: 'started' });
    const response = await post(undefined, { idleMs });
    const reader = response.body[Symbol.asyncIterator]();
    await reader.next();
    const { ms, error } = await timedRejection(async () => {
      for (;;) if ((await reader.next()).done) return;
    });
    assert.is(error.code, 'timeout');
    assert.match(error.message, /next part/);
    assert.ok(ms < idleMs + lateBoundMs, `idleMs ${idleMs} fired after ${ms.toFixed(0)} ms`);
  }
});

test('a connect timeout fails the request at its time; a connection that comes later is cut', async () => {
  const calls: string[] = [];
  const handler = new ResponseHandler(undefined, { connectMs: 60 });
  const { ms, error } = await timedRejection(() => handler.response);
  assert.equal([error.code, error.message], ['timeout', 'Timed out connecting']);
  assert.ok(ms >= 55 && ms < 60 + lateBoundMs, `fired after ${ms.toFixed(0)} ms`);
  handler.onConnect((reason) => calls.push(String(reason?.message)));
  assert.equal(calls, ['Timed out connecting']);
});

test('a body paused for a slow reader is not idle: the idle timeout waits until it is read again', async () => {
  const handler = new ResponseHandler(undefined, { idleMs: 40 });
  const aborts: string[] = [];
  handler.onConnect((reason) => aborts.push(String(reason?.message)));
  handler.onHeaders(200, [], () => {});
  const response = await handler.response;
  assert.is(handler.onData(Buffer.alloc(70 * 1024)), false);
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(aborts, [], 'no timeout while the reader is slow');
  await response.body[Symbol.asyncIterator]().next();
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(aborts, ['Timed out waiting for the next part of the response']);
});

test('aborting before the answer is an aborted error, not retryable', async () => {
  fake.enqueue({ type: 'hang' });
  const controller = new AbortController();
  const pending = post(controller.signal);
  await fake.waitForRequests(1);
  controller.abort();
  const error = await rejection(pending);
  assert.equal([error.code, error.retryable], ['aborted', false]);
  await fake.clientClosed();
});

test('a cancellation aborts like a signal: before the answer, while the body streams, and before sending', async () => {
  fake.enqueue({ type: 'hang' });
  const before = new Cancellation();
  const pending = post(before);
  await fake.waitForRequests(1);
  before.abort(new Error('the client left'));
  const error = await rejection(pending);
  assert.equal([error.code, error.retryable], ['aborted', false]);
  await fake.clientClosed();

  fake.enqueue({ type: 'stream-hang', textBefore: 'started' });
  const during = new Cancellation();
  const response = await post(during);
  setTimeout(() => during.abort(new Error('the client left')), 20);
  assert.is((await rejection(response.text())).code, 'aborted');

  const already = new Cancellation();
  already.abort(new Error('the client left'));
  assert.is((await rejection(post(already))).code, 'aborted');
});

test('a cancellation makes its AbortSignal only when asked, aborted with the same reason', () => {
  const cancellation = new Cancellation();
  const heard: unknown[] = [];
  const stop = cancellation.onAbort((reason) => heard.push(reason));
  cancellation.onAbort((reason) => heard.push(reason));
  stop();
  const signal = cancellation.signal;
  assert.is(signal.aborted, false);
  const reason = new Error('gone');
  cancellation.abort(reason);
  cancellation.abort(new Error('again'));
  assert.equal(heard, [reason]);
  assert.is(signal.aborted, true);
  assert.is(signal.reason, reason);
  const late = new Cancellation();
  late.abort(reason);
  assert.is(late.signal.reason, reason);
});

test('the response exposes status, headers and the body readers', async () => {
  const response = await http.request({ url: `${fake.provider.baseUrl}/models`, headers: { authorization: `Bearer ${fake.apiKey}` } });
  assert.is(response.status, 200);
  assert.match(String(response.headers['x-request-id']), /^req_/);
  const list = await response.json<{ object: string }>();
  assert.is(list.object, 'list');
});

test('networkError keeps a ProviderError and maps undici codes', () => {
  const original = new ProviderError({ code: 'server', message: 'x' });
  assert.is(networkError(original), original);
  assert.is(networkError(Object.assign(new Error('t'), { code: 'UND_ERR_BODY_TIMEOUT' })).code, 'timeout');
  assert.is(networkError(Object.assign(new Error('t'), { name: 'AbortError' })).code, 'aborted');
  assert.is(networkError(new Error('socket hang up')).code, 'connection');
});

/** A local server that counts connections and answers with `answer`. */
async function withServer(
  answer: (req: IncomingMessage, res: ServerResponse) => void,
  run: (url: string, server: { readonly connections: number; lastSocketClosed(): Promise<void> }) => Promise<void>,
): Promise<void> {
  let connections = 0;
  let lastSocket: IncomingMessage['socket'] | undefined;
  const server = createServer((req, res) => {
    lastSocket = req.socket;
    req.resume();
    req.on('end', () => answer(req, res));
  });
  // Only a cut closes a connection during the test, not an idle timeout.
  server.keepAliveTimeout = 60_000;
  server.on('connection', () => connections++);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const state = {
    get connections() {
      return connections;
    },
    async lastSocketClosed(): Promise<void> {
      const socket = lastSocket!;
      if (socket.destroyed) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        // Not once(): a cut connection may also emit 'error' (ECONNRESET) on the server's side.
        new Promise((resolve) => socket.once('close', resolve)),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('the connection was not closed')), 5000))),
      ]).finally(() => clearTimeout(timer));
    },
  };
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}/stream`, state);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

test('a consumer that stops at the end of a complete body leaves the connection for the next request', async () => {
  const client = createHttpClient();
  await withServer(
    (_req, res) => res.end('data: one\n\ndata: [DONE]\n\n'),
    async (url, server) => {
      for (let round = 0; round < 6; round++) {
        const response = await client.request({ url });
        for await (const piece of response.body) {
          assert.ok(piece.length > 0);
          break;
        }
      }
      // undici may open a second connection when a request follows the end of the last at once.
      assert.ok(server.connections <= 2, `${server.connections} connections for 6 requests`);
    },
  );
  await client.close();
});

test('a consumer that stops while the body is still coming cuts the connection', async () => {
  const client = createHttpClient();
  await withServer(
    (_req, res) => res.write('data: one\n\n'),
    async (url, server) => {
      const response = await client.request({ url });
      for await (const piece of response.body) {
        assert.ok(piece.length > 0);
        break;
      }
      await server.lastSocketClosed();
    },
  );
  await client.close();
});

test('text() drops a byte order mark; json() on a body that is not JSON is invalid_response with the status', async () => {
  const client = createHttpClient();
  await withServer(
    (req, res) => {
      res.writeHead(req.headers['x-case'] === 'bom' ? 200 : 502);
      res.end(req.headers['x-case'] === 'bom' ? '\uFEFF{"ok":true}' : '<html>');
    },
    async (url) => {
      assert.is(await (await client.request({ url, headers: { 'x-case': 'bom' } })).text(), '{"ok":true}');
      const error = await rejection((await client.request({ url })).json());
      assert.equal([error.code, error.status], ['invalid_response', 502]);
    },
  );
  await client.close();
});

test('a body the server compressed unasked (gzip, deflate, br) is decoded, streamed piece by piece; a corrupt one is invalid_response', async () => {
  const client = createHttpClient();
  const events = ['data:{"n":1}\r\n\r\n', ': keep-alive\r\n\r\n', 'data:{"n":2}\r\n\r\ndata:[DONE]\r\n\r\n'];
  const encoders: Record<string, () => zlib.Gzip | zlib.Deflate | zlib.BrotliCompress> = {
    gzip: () => zlib.createGzip(),
    deflate: () => zlib.createDeflate(),
    br: () => zlib.createBrotliCompress(),
  };
  const answerEncoded = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
      const encoding = String(req.headers['x-encoding']);
      if (encoding === 'corrupt') {
        res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'application/json' });
        res.end(Buffer.concat([zlib.gzipSync('{"ok":'), Buffer.from('not gzip at all')]).subarray(0, 40));
        return;
      }
      res.writeHead(200, { 'content-encoding': encoding, 'content-type': 'text/event-stream', 'x-kept': 'yes' });
      const encoder = encoders[encoding]!();
      encoder.pipe(res);
      for (const event of events) {
        encoder.write(event);
        await new Promise<void>((resolve) => encoder.flush(() => resolve()));
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      encoder.end();
  };
  await withServer(
    (req, res) => void answerEncoded(req, res),
    async (url) => {
      for (const encoding of Object.keys(encoders)) {
        const response = await client.request({ url, headers: { 'x-encoding': encoding } });
        assert.is(response.headers['content-encoding'], undefined, encoding);
        assert.is(response.headers['x-kept'], 'yes', encoding);
        const pieces: string[] = [];
        for await (const piece of response.body) pieces.push(Buffer.from(piece).toString('utf8'));
        assert.is(pieces.join(''), events.join(''), encoding);
        assert.ok(pieces.length >= events.length, `${encoding}: decoded as it arrived, not at the end`);
      }
      const whole = await client.request({ url, headers: { 'x-encoding': 'gzip' } });
      assert.is(await whole.text(), events.join(''));
      const error = await rejection((await client.request({ url, headers: { 'x-encoding': 'corrupt' } })).text());
      assert.is(error.code, 'invalid_response');
    },
  );
  await client.close();
});

test('discard() reads a small rest (keeping the connection) and cuts a large one', async () => {
  const client = createHttpClient();
  await withServer(
    (req, res) => res.end(req.headers['x-size'] === 'large' ? Buffer.alloc(1024 * 1024) : 'small'),
    async (url, server) => {
      for (let round = 0; round < 6; round++) await (await client.request({ url })).discard();
      assert.ok(server.connections <= 2, `${server.connections} connections for 6 requests`);
      await (await client.request({ url, headers: { 'x-size': 'large' } })).discard();
      await server.lastSocketClosed();
    },
  );
  await client.close();
});

test('the body pauses the connection while more than 64 KiB wait to be read, and resumes once they are read', async () => {
  const calls: string[] = [];
  const handler = new ResponseHandler(undefined);
  handler.onConnect(() => calls.push('abort'));
  assert.is(handler.onHeaders(200, [], () => calls.push('resume')), true);
  const response = await handler.response;
  assert.is(handler.onData(Buffer.alloc(40 * 1024)), true);
  // false: undici pauses the connection.
  assert.is(handler.onData(Buffer.alloc(40 * 1024)), false);
  const pieces = response.body[Symbol.asyncIterator]();
  // What arrived while nobody read comes out as one piece.
  const first = (await pieces.next()).value;
  assert.is(first?.length, 80 * 1024);
  assert.equal(calls, ['resume']);
  const last = pieces.next();
  assert.is(handler.onData(Buffer.from('end')), true);
  handler.onComplete();
  assert.is(String((await last).value), 'end');
  assert.is((await pieces.next()).done, true);
  assert.equal(calls, ['resume']);
});

test('response headers are parsed when read: names lower-cased, a repeated header as an array', async () => {
  const handler = new ResponseHandler(undefined);
  handler.onConnect(() => {});
  const raw = ['Content-Type', 'application/json', 'Set-Cookie', 'a=1', 'set-cookie', 'b=2', 'X-Request-Id', 'req_1'].map((text) => Buffer.from(text, 'latin1'));
  handler.onHeaders(200, raw, () => {});
  const response = await handler.response;
  assert.equal(response.headers, { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'], 'x-request-id': 'req_1' });
  assert.is(response.headers, response.headers, 'parsed once');
  assert.equal(parseRawHeaders(['__proto__', 'x']), Object.defineProperty({}, '__proto__', { value: 'x', enumerable: true }));
});

test.run();
