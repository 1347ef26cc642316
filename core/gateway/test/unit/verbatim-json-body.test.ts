/**
 * Large request bodies are parsed as they arrive (incremental-json-parser.ts, read-json-body.ts) and
 * serialised for upstream in slices (jsonRequestBody in the plugin API), their long strings piece by
 * piece and plain ones copied as bytes: the result must be exactly what JSON.parse and JSON.stringify
 * give, whatever the body holds and however it arrives.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jsonRequestBody, JsonRequestBody } from '@conduit/plugin-api';
import { longStringOf } from '@conduit/plugin-api/internal';
import { readJsonBody } from '../../src/pipeline/http/read-json-body.ts';
import { IncrementalJsonParser } from '../../src/pipeline/http/incremental-json-parser.ts';

/** The text of a body jsonRequestBody made. */
async function textOf(body: string | JsonRequestBody): Promise<string> {
  if (typeof body === 'string') return body;
  const { pieces, byteLength } = await body.serialized();
  const bytes = Buffer.concat(pieces);
  assert.is(bytes.length, byteLength);
  return bytes.toString('utf8');
}

interface Served {
  value: unknown;
  /** jsonRequestBody of the value while the request is open, and after its response closed. */
  during: string;
  after: Promise<string>;
  /** Whether each plain long string was marked with its bytes while the request was open. */
  markedDuring: boolean[];
  markedAfter: Promise<boolean[]>;
}

/** Posts `text` in pieces of `pieceBytes` (all at once when larger than it); the server reads it with readJsonBody. */
async function serve(text: string | Buffer, pieceBytes: number, plainLongStrings: (value: unknown) => string[] = () => []): Promise<Served> {
  let served!: (value: Served) => void;
  let failed!: (error: unknown) => void;
  const result = new Promise<Served>((resolve, reject) => ((served = resolve), (failed = reject)));
  const marked = (value: unknown): boolean[] => plainLongStrings(value).map((string) => longStringOf(string)?.bytes !== undefined);
  const server = createServer((req, res) => {
    readJsonBody({ request: req, response: res }, 64 * 1024 * 1024).then(async (value) => {
      const markedDuring = marked(value);
      const during = await textOf(jsonRequestBody(value));
      const closed = new Promise<void>((resolve) => res.once('close', () => setImmediate(resolve)));
      res.end('{}');
      served({ value, during, markedDuring, after: closed.then(() => textOf(jsonRequestBody(value))), markedAfter: closed.then(() => marked(value)) });
    }, (error: unknown) => {
      res.statusCode = 400;
      res.end();
      failed(error);
    });
  });
  result.catch(() => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const body = Buffer.isBuffer(text) ? text : Buffer.from(text);
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
const cases: Record<string, { value: unknown; plain: (value: any) => string[] }> = {
  'a base64 image': {
    value: { model: 'm', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: image } }] }] },
    plain: (value) => [value.messages[0].content[0].image_url.url],
  },
  'long text with every kind of character': {
    value: {
      model: 'm',
      messages: [
        { role: 'system', content: 'plain '.repeat(60_000) },
        { role: 'user', content: 'east 東京 🚀 café '.repeat(30_000) },
        // Escapes and control characters: unescaped piece by piece, never copied as bytes.
        { role: 'user', content: 'line\nbreak "quoted" back\\slash\ttab \u0000\u001f \u2028 '.repeat(10_000) },
        // Lone surrogates, and pairs written as escapes (JSON.stringify escapes the lone ones).
        { role: 'user', content: 'pair 🚀 lone \ud800 end \udfff '.repeat(20_000) },
      ],
    },
    plain: (value) => [value.messages[0].content, value.messages[1].content],
  },
  'strings in arrays and as keys': {
    value: { input: ['x'.repeat(300_000), 'short', 'y'.repeat(5000)], metadata: { ['k'.repeat(300_000)]: 'v', __proto__: 'own key' } },
    plain: (value) => [value.input[0]],
  },
  'thousands of small values': {
    value: {
      model: 'm',
      numbers: Array.from({ length: 20_000 }, (_, index) => [index, -index / 7, 1e21 * index, 0.1 + index, true, false, null]),
      messages: Array.from({ length: 2000 }, (_, index) => ({ role: index % 2 ? 'assistant' : 'user', content: `message ${index} — ü "q" \n`, name: `n${index}` })),
    },
    plain: () => [],
  },
};

for (const [name, { value, plain }] of Object.entries(cases)) {
  for (const pieceBytes of [1_000_000_000, 65_536, 1000, 4099]) {
    test(`${name}, arriving in pieces of ${Math.min(pieceBytes, 1e9)} bytes: parsed and serialised exactly`, async () => {
      const text = JSON.stringify(value);
      assert.ok(text.length > 256 * 1024, 'large enough to be parsed as it arrives');
      const served = await serve(text, pieceBytes, plain);
      assert.equal(served.value, JSON.parse(text));
      assert.is(served.during, text);
      assert.ok(served.markedDuring.every(Boolean), 'plain long strings are copied as bytes while the request is open');
      assert.is(await served.after, text);
      assert.ok((await served.markedAfter).every((marked) => !marked), 'and forgotten once its response closed');
    });
  }
}

test('the same value as JSON.parse however the bytes are cut: escapes, surrogates, invalid UTF-8, numbers, duplicate keys', () => {
  const texts = [
    '{"a":1,"b":[true,false,null,-0.5e3,1E+2,0,-0,12345678901234567890,"x\\u00e9\\ud83d\\ude80 東京 🚀",{}],"__proto__":{"p":1},"c":"d","a":2}',
    ' "a string" ',
    ' 12 ',
    '[123456789012345,-123456789012345,1234567890123456,99999999999999999999,-0,0,-1,9,10,[1,2,3],{"n":-42,"t":true,"f":false,"z":null},true ,false\n,null\t]',
    '[[],{},[[{}]]]',
    '{"k":"line\\nbreak \\"q\\" back\\\\slash\\ttab \\/ \\b\\f\\r \\u0000"}',
    JSON.stringify({ x: 'east 東京 🚀 café '.repeat(300), y: 'a\\b\n'.repeat(200), z: '\ud800 lone \udc00' }),
  ];
  const bodies = texts.map((text) => Buffer.from(text));
  // Invalid UTF-8 in strings: replaced as Buffer#toString replaces it.
  bodies.push(Buffer.from([0x5b, 0x22, 0x61, 0xe2, 0x82, 0x41, 0xff, 0xf0, 0x9f, 0x9a, 0x22, 0x2c, 0x22, 0xc3, 0x22, 0x5d]));
  for (const bytes of bodies) {
    const expected: unknown = JSON.parse(bytes.toString('utf8'));
    for (const size of [1, 2, 3, 5, 6, 7, 64, bytes.length]) {
      // Strings decoded a few bytes at a time too: every cut inside an escape or a character.
      for (const pieceBytes of [1, 2, 3, 4, 5, 6, 7, 1000, undefined]) {
        const parser = new IncrementalJsonParser(pieceBytes);
        for (let from = 0; from < bytes.length; from += size) parser.feed(bytes.subarray(from, from + size));
        const value = parser.end();
        assert.equal(value, expected, `${bytes.toString('utf8').slice(0, 40)} in pieces of ${size}, decoded ${pieceBytes} bytes at a time`);
        if (value !== null && typeof value === 'object') assert.is(Object.getPrototypeOf(value), Object.getPrototypeOf(expected));
      }
    }
  }
});

test('what JSON.parse refuses is refused, however the bytes are cut', () => {
  const refused = ['{"a":1,}', '[1 2]', '{"a" 1}', '{a:1}', '[01]', '[1.]', '[.5]', '[+1]', '"\u0001"', '"\\x"', '"\\u12"', '[tru]', '[nulll]', '[-]', '[--1]', '[1-2]', '[truee]', '[nul]', '[00]', '[-01]', '[1a]', '[True]', '[0x1]', '{"a":1}x', '[', '"abc', '\ufeff{}', '[1,]', '{"a":}', '{,}', '[,1]', '{"a":1 "b":2}', '1 2', ''];
  for (const text of refused) {
    assert.throws(() => JSON.parse(text), undefined, text);
    const bytes = Buffer.from(text);
    for (const size of [1, 3, 100]) {
      const parser = new IncrementalJsonParser(size);
      for (let from = 0; from < bytes.length; from += size) parser.feed(bytes.subarray(from, from + size));
      assert.throws(() => parser.end(), SyntaxError, `${text} in pieces of ${size}`);
    }
  }
});

test('a large body that is not JSON is refused as invalid JSON, naming where', async () => {
  const text = `{"model":"m","messages":[{"content":"${'z'.repeat(300_000)}"}],}`;
  for (const pieceBytes of [1e9, 65_536]) {
    try {
      await serve(text, pieceBytes);
      assert.unreachable('refused');
    } catch (error) {
      assert.match((error as Error).message, /not valid JSON: Unexpected '}' in JSON at position 300041/);
    }
  }
});

test('a large body breaking a shape limit after a syntax error is refused for the limit, as a small one is', async () => {
  const text = `{"model":"m" "x":"${'z'.repeat(300_000)}","deep":${'['.repeat(100)}${']'.repeat(100)}}`;
  try {
    await serve(text, 65_536);
    assert.unreachable('refused');
  } catch (error) {
    assert.is((error as { code?: string }).code, 'json_too_deep');
  }
});

/** Reads one request with readJsonBody (limit `limitBytes`) and settles with what it gave. */
async function readOne(limitBytes: number, send: (port: number) => void): Promise<unknown> {
  let settled!: (value: unknown) => void;
  const result = new Promise<unknown>((resolve) => (settled = resolve));
  const server = createServer((req, res) => {
    readJsonBody({ request: req, response: res }, limitBytes).then(settled, settled).finally(() => res.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  send((server.address() as AddressInfo).port);
  try {
    return await result;
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

test('a large body growing past the limit while it is parsed is refused with a 413', async () => {
  const body = Buffer.from(JSON.stringify({ text: 'x'.repeat(1_000_000) }));
  const error = await readOne(600_000, (port) => {
    const req = httpRequest({ port, host: '127.0.0.1', method: 'POST' }, (res) => res.resume());
    req.on('error', () => {});
    const write = (from: number): void => {
      if (from >= body.length) return void req.end();
      req.write(body.subarray(from, from + 65_536), () => write(from + 65_536));
    };
    write(0);
  });
  assert.equal([(error as { status?: number }).status, (error as { code?: string }).code], [413, 'request_too_large']);
});

test('a large body cut off by the client while it is parsed is refused, not waited for', async () => {
  const body = Buffer.from(JSON.stringify({ text: 'x'.repeat(1_000_000) }));
  const error = await readOne(64 * 1024 * 1024, (port) => {
    const req = httpRequest({ port, host: '127.0.0.1', method: 'POST', headers: { 'content-length': body.length } });
    req.on('error', () => {});
    req.write(body.subarray(0, 600_000), () => setTimeout(() => req.destroy(), 50));
  });
  // The stream's own error ("aborted") or ours, as for a small body: never a hang nor a value.
  assert.instance(error, Error);
  assert.match((error as Error).message, /aborted|cut off/);
});

test('a payload with toJSON, undefined, functions and holes serialises as JSON.stringify does', async () => {
  const big = 'b'.repeat(300_000);
  const payload = {
    date: new Date(0),
    big,
    skipped: undefined,
    method() {},
    list: [undefined, () => 1, Symbol('s'), , 1, new String('boxed'), { toJSON: (key: string) => `key ${key}` }, Number.NaN, -0],
    nested: { deeper: { text: 'x'.repeat(70_000) + '\ud83d', tail: '\ude80' } },
  };
  const body = jsonRequestBody(payload);
  assert.instance(body, JsonRequestBody);
  assert.is(await textOf(body), JSON.stringify(payload));
  // Iterated by a client that does not know the type: the same bytes.
  const iterated: Uint8Array[] = [];
  for await (const piece of body as JsonRequestBody) iterated.push(piece);
  assert.is(Buffer.concat(iterated).toString('utf8'), JSON.stringify(payload));
});

test('a small payload is serialised at once by JSON.stringify', () => {
  const payload = { model: 'm', messages: [{ role: 'user', content: 'x'.repeat(5000) }] };
  assert.is(jsonRequestBody(payload), JSON.stringify(payload));
});

test('a circular payload is refused as JSON.stringify refuses it, when its body is awaited', async () => {
  const payload: Record<string, unknown> = { text: 'x'.repeat(300_000), list: [] };
  (payload.list as unknown[]).push({ payload, more: 'y'.repeat(100_000) });
  const body = jsonRequestBody(payload) as JsonRequestBody;
  try {
    await body.serialized();
    assert.unreachable('refused');
  } catch (error) {
    assert.instance(error, TypeError);
    assert.match((error as Error).message, /circular/);
  }
});

test.run();
