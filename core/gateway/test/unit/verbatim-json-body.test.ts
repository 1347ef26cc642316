/**
 * Long plain strings of a request body are parsed apart and copied into upstream bodies as bytes
 * (read-json-body.ts, jsonRequestBody in the plugin API): the result must be exactly what JSON.parse
 * and JSON.stringify give, whatever the strings hold and however the body arrives.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jsonRequestBody } from '@conduit/plugin-api';
import { readJsonBody } from '../../src/pipeline/http/read-json-body.ts';

interface Served {
  value: unknown;
  /** jsonRequestBody of the value while the request is open, and after its response closed. */
  during: string | Uint8Array;
  after: Promise<string | Uint8Array>;
}

/** Posts `text` in pieces of `pieceBytes`; the server reads it with readJsonBody. */
async function serve(text: string, pieceBytes: number): Promise<Served> {
  let served!: (value: Served) => void;
  let failed!: (error: unknown) => void;
  const result = new Promise<Served>((resolve, reject) => ((served = resolve), (failed = reject)));
  const server = createServer((req, res) => {
    readJsonBody({ request: req, response: res }, 64 * 1024 * 1024).then((value) => {
      const during = jsonRequestBody(value);
      const after = new Promise<string | Uint8Array>((resolve) => res.once('close', () => setImmediate(() => resolve(jsonRequestBody(value)))));
      res.end('{}');
      served({ value, during, after });
    }, (error: unknown) => {
      res.statusCode = 400;
      res.end();
      failed(error);
    });
  });
  result.catch(() => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const body = Buffer.from(text);
  await new Promise<void>((resolve, reject) => {
    const req = httpRequest({ port, host: '127.0.0.1', method: 'POST', headers: { 'content-length': body.length } }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    const write = (from: number): void => {
      if (from >= body.length) return void req.end();
      req.write(body.subarray(from, from + pieceBytes), () => write(from + pieceBytes));
    };
    write(0);
  });
  server.close();
  return result;
}

const image = `data:image/png;base64,${Buffer.alloc(600_000, 7).toString('base64')}`;
const cases: Record<string, unknown> = {
  'a base64 image': { model: 'm', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: image } }] }] },
  'long text with every kind of character': {
    model: 'm',
    messages: [
      { role: 'system', content: 'plain '.repeat(60_000) },
      { role: 'user', content: 'east 東京 🚀 café '.repeat(30_000) },
      // Escapes and control characters: parsed the ordinary way, never marked.
      { role: 'user', content: 'line\nbreak "quoted" back\\slash\ttab '.repeat(10_000) },
    ],
  },
  'strings in arrays and as keys': { input: ['x'.repeat(300_000), 'short', 'y'.repeat(5000)], metadata: { ['k'.repeat(300_000)]: 'v' } },
};

for (const [name, value] of Object.entries(cases)) {
  for (const pieceBytes of [1_000_000_000, 65_536, 1000, 4099]) {
    test(`${name}, arriving in pieces of ${Math.min(pieceBytes, 1e9)} bytes: parsed and serialised exactly`, async () => {
      const text = JSON.stringify(value);
      const served = await serve(text, pieceBytes);
      assert.equal(served.value, JSON.parse(text));
      const during = served.during;
      assert.is(Buffer.from(during).toString('utf8'), text);
      const after = await served.after;
      assert.is(typeof after, 'string', 'once the response closed, bodies are serialised by JSON.stringify again');
      assert.is(after, text);
    });
  }
}

test('the long strings are copied as bytes while the request is open (not serialised as text)', async () => {
  const text = JSON.stringify(cases['a base64 image']);
  const served = await serve(text, 65_536);
  assert.instance(served.during, Uint8Array);
  await served.after;
});

test('a body that is not JSON around its long strings is still refused as invalid JSON', async () => {
  const text = `{"model":"m","messages":[{"content":"${'z'.repeat(300_000)}"}],}`;
  try {
    await serve(text, 65_536);
    assert.unreachable('refused');
  } catch (error) {
    assert.match((error as Error).message, /not valid JSON/);
  }
});

test.run();
