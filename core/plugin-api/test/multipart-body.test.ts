/** multipartBody: a form that a standard parser reads back, files streamed piece by piece, names escaped. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { multipartBody } from '../src/multipart-body.ts';

async function collect(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const pieces: Uint8Array[] = [];
  for await (const piece of body) pieces.push(piece);
  return Buffer.concat(pieces);
}

test('fields, repeated fields and a streamed file are read back by a standard form parser', async () => {
  const audio = Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 256));
  let pulled = 0;
  const file = (async function* () {
    for (let at = 0; at < audio.length; at += 1000) {
      pulled++;
      yield audio.subarray(at, at + 1000);
    }
  })();
  const form = multipartBody([
    { name: 'file', filename: 'clip.wav', contentType: 'audio/wav', body: file },
    { name: 'model', value: 'whisper-1' },
    { name: 'timestamp_granularities[]', value: 'word' },
    { name: 'timestamp_granularities[]', value: 'segment' },
  ]);
  assert.match(form.contentType, /^multipart\/form-data; boundary=----conduit-[0-9a-f]{24}$/);
  assert.is(pulled, 0, 'nothing is read before the body is');
  const parsed = await new Response(new Uint8Array(await collect(form.body)), { headers: { 'content-type': form.contentType } }).formData();
  assert.is(pulled, 3);
  const uploaded = parsed.get('file') as File;
  assert.is(uploaded.name, 'clip.wav');
  assert.is(uploaded.type, 'audio/wav');
  assert.equal(Buffer.from(await uploaded.arrayBuffer()), audio);
  assert.is(parsed.get('model'), 'whisper-1');
  assert.equal(parsed.getAll('timestamp_granularities[]'), ['word', 'segment']);
});

test('quotes and line breaks in names cannot break out of the header', async () => {
  const form = multipartBody([
    { name: 'prompt', value: 'line one\r\nline two' },
    { name: 'file', filename: 'evil".wav\r\nX-Injected: 1', contentType: 'audio/wav', body: (async function* () { yield Buffer.from('RIFF'); })() },
  ]);
  const text = (await collect(form.body)).toString();
  assert.not.match(text, /\r\nX-Injected/);
  assert.match(text, /filename="evil%22\.wav%0D%0AX-Injected: 1"/);
  const parsed = await new Response(text, { headers: { 'content-type': form.contentType } }).formData();
  assert.is(parsed.get('prompt'), 'line one\r\nline two');
});

test.run();
