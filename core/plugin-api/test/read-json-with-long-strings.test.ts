import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomBytes } from 'node:crypto';
import { ProviderError } from '../src/provider-error.ts';
import { readJsonWithLongStrings } from '../src/read-json-with-long-strings.ts';

async function* inPieces(text: string | Buffer, size: number): AsyncGenerator<Uint8Array> {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  for (let at = 0; at < bytes.length; at += size) yield new Uint8Array(bytes.buffer, bytes.byteOffset + at, Math.min(size, bytes.length - at));
}

const long = (length: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') =>
  Array.from({ length }, (_, index) => alphabet[(index * 7 + (index >> 5)) % alphabet.length]).join('');

const documents: Record<string, string> = {
  'an images answer': JSON.stringify({ created: 1, data: [{ b64_json: long(300), revised_prompt: 'a "fox"' }, { b64_json: long(257) }], usage: { input_tokens: 3 } }),
  'long strings with escapes, unicode, backslashes at every position': JSON.stringify({
    escaped: `${long(200)}\\"${long(200)}\n\u00e9\u2603`,
    trailing: `${long(300)}\\`,
    doubled: `${long(300)}\\\\`,
    quoteAtEnd: `${long(300)}"`,
    plainUnicode: `caf\u00e9 ${long(280)} \u{1F98A}`,
  }),
  'long strings as array items, a long key, and at the top level of an array': JSON.stringify([long(400), { [long(300)]: long(290) }, 'short', 12.5, null, true]),
  'a long string alone': JSON.stringify(long(1000)),
  'no long strings': '{"created": 1, "data": [], "note": "\\u0000conduit-long-string- is just text"}',
};

for (const [name, text] of Object.entries(documents)) {
  test(`${name}: the value JSON.parse gives, in any cutting of the body`, async () => {
    const expected = JSON.parse(text);
    for (const size of [1, 2, 3, 7, 64, 255, 256, 1000, text.length]) {
      const read = await readJsonWithLongStrings(inPieces(text, size), 200, 256);
      assert.equal(read.value, expected, `pieces of ${size}`);
      assert.is(read.byteLength, Buffer.byteLength(text));
      assert.is(Buffer.concat(read.pieces).toString(), text, 'the pieces are the body as it came');
      assert.is(JSON.stringify(read.value), JSON.stringify(expected));
    }
  });
}

test('a long plain string is decoded only when read, and then kept', async () => {
  const image = randomBytes(100_000).toString('base64');
  const read = await readJsonWithLongStrings(inPieces(JSON.stringify({ data: [{ b64_json: image }] }), 16 * 1024), 200);
  const item = (read.value as { data: Array<Record<string, unknown>> }).data[0]!;
  assert.type(Object.getOwnPropertyDescriptor(item, 'b64_json')?.get, 'function', 'not decoded yet');
  assert.is(item.b64_json, image);
  assert.is(Object.getOwnPropertyDescriptor(item, 'b64_json')?.value, image, 'decoded once, kept as a plain value');
  item.b64_json = 'replaced';
  assert.is(item.b64_json, 'replaced');
});

test('a body that is not JSON is an invalid_response ProviderError, long strings or not', async () => {
  for (const text of ['{"data": [', `{"data": "${long(500)}"`, 'not json', '']) {
    try {
      await readJsonWithLongStrings(inPieces(text || ' ', 100), 200, 256);
      assert.unreachable(`accepted ${text.slice(0, 20)}`);
    } catch (error) {
      assert.ok(ProviderError.isInstance(error), String(error));
      assert.is((error as ProviderError).code, 'invalid_response');
    }
  }
});

test('a byte order mark before the JSON is ignored, as undici text() does', async () => {
  const read = await readJsonWithLongStrings(inPieces(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`{"a": "${long(300)}"}`)]), 50), 200, 256);
  assert.is((read.value as { a: string }).a, long(300));
});

test.run();
