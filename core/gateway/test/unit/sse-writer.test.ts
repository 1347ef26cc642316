import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import { Socket, type AddressInfo } from 'node:net';
import { ResponseHead } from '../../src/pipeline/http/response-head.ts';
import { SseWriter } from '../../src/pipeline/http/sse-writer.ts';

/**
 * Serves one response with `respond` to a raw client (`socket`); returns the bytes the client read
 * up to the end of the chunked body (an SSE response keeps the connection open).
 */
async function exchange(respond: (response: ServerResponse, socket: Socket) => Promise<void>): Promise<string> {
  const socket = new Socket();
  const server = createServer((_request, response) => {
    respond(response, socket).catch((error: unknown) => {
      console.error(error);
      response.destroy();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  let raw = '';
  const complete = new Promise<void>((resolve, reject) => {
    socket.on('data', (piece: Buffer) => {
      raw += piece.toString('latin1');
      if (chunksOf(raw) !== undefined) resolve();
    });
    socket.on('close', () => reject(new Error(`the connection closed before the body was complete: ${raw}`)));
  });
  socket.connect((server.address() as AddressInfo).port, '127.0.0.1');
  socket.write('GET / HTTP/1.1\r\nhost: x\r\n\r\n');
  try {
    await complete;
  } finally {
    socket.destroy();
    server.closeAllConnections();
    server.close();
  }
  return Buffer.from(raw, 'latin1').toString('utf8');
}

/** The chunks of a chunked-encoding body, in order; undefined while it is incomplete. */
function chunksOf(raw: string): string[] | undefined {
  const headEnd = raw.indexOf('\r\n\r\n');
  if (headEnd === -1) return undefined;
  let at = headEnd + 4;
  const chunks: string[] = [];
  for (;;) {
    const lineEnd = raw.indexOf('\r\n', at);
    if (lineEnd === -1) return undefined;
    const size = parseInt(raw.slice(at, lineEnd), 16);
    if (size === 0) return raw.length >= lineEnd + 4 ? chunks : undefined;
    if (raw.length < lineEnd + 2 + size + 2) return undefined;
    chunks.push(raw.slice(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

test('events written in the same tick go out as one chunk, the head with the first ones', async () => {
  const raw = await exchange(async (response) => {
    const writer = new SseWriter(response);
    const head = new ResponseHead();
    head.set('x-request-id', 'r1');
    writer.start(head);
    // Not awaited, to stay in one tick; a fresh socket has room, so none asks to wait for a drain.
    assert.is(writer.data('{"n":1}'), undefined);
    assert.is(writer.data('{"n":2}'), undefined);
    await new Promise((resolve) => setImmediate(resolve));
    assert.is(writer.data('{"n":3}'), undefined);
    writer.end(true);
  });
  assert.match(raw, /^HTTP\/1.1 200 OK\r\n/);
  assert.match(raw, /\r\nx-request-id: r1\r\n/);
  assert.match(raw, /\r\ncontent-type: text\/event-stream; charset=utf-8\r\n/);
  assert.equal(chunksOf(raw), ['data: {"n":1}\n\ndata: {"n":2}\n\n', 'data: {"n":3}\n\ndata: [DONE]\n\n']);
});

test('the head goes out at the end of the tick even when no event follows it', async () => {
  const raw = await exchange(async (response, socket) => {
    const writer = new SseWriter(response);
    writer.start(new ResponseHead());
    const [head] = (await once(socket, 'data')) as [Buffer];
    assert.match(head.toString(), /^HTTP\/1.1 200 OK\r\n[\s\S]*\r\n\r\n$/);
    writer.end(false);
  });
  assert.equal(chunksOf(raw), []);
});

test('a client that does not read makes data() wait; nothing is lost once it reads', async () => {
  const event = JSON.stringify({ text: 'x'.repeat(64 * 1024) });
  let written = 0;
  let waited = false;
  const raw = await exchange(async (response, socket) => {
    socket.pause();
    const writer = new SseWriter(response);
    writer.start(new ResponseHead());
    while (!waited && written < 4096) {
      written++;
      const wait = writer.data(event);
      if (wait) {
        waited = true;
        socket.resume();
        await wait;
      }
    }
    writer.end(true);
  });
  assert.ok(waited, `data() never asked to wait in ${written} events of 64 KiB`);
  const events = chunksOf(raw)!.join('').split('\n\n').filter((line) => line !== '');
  assert.is(events.length, written + 1);
  assert.is(events.at(-1), 'data: [DONE]');
});

test('waiting for a slow client leaves no listener behind, however often it waits', async () => {
  const event = JSON.stringify({ text: 'x'.repeat(64 * 1024) });
  let waits = 0;
  const counts: Array<{ drain: number; close: number }> = [];
  await exchange(async (response, socket) => {
    const baseline = { drain: response.listenerCount('drain'), close: response.listenerCount('close') };
    counts.push(baseline);
    const writer = new SseWriter(response);
    writer.start(new ResponseHead());
    socket.pause();
    // Each wait is released by the client reading a little, then the writer fills the buffer again.
    while (waits < 40) {
      const wait = writer.data(event);
      if (!wait) continue;
      waits++;
      socket.resume();
      await wait;
      socket.pause();
      counts.push({ drain: response.listenerCount('drain'), close: response.listenerCount('close') });
    }
    socket.resume();
    writer.end(true);
  });
  assert.is(waits, 40);
  for (const count of counts) assert.equal(count, counts[0], 'listeners after each wait equal those before the first');
});

test.run();
