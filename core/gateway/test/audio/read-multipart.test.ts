import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GatewayError } from '../../src/domain/gateway-error.ts';
import { readMultipart, type MultipartForm } from '../../src/pipeline/http/read-multipart.ts';

/** A server that reads each request's form and answers what it found (or the refusal's status and message). */
async function formServer(maxFileBytes: number): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    readMultipart(request, { maxFileBytes }).then(
      (form: MultipartForm) => {
        const file = form.file && { field: form.file.field, filename: form.file.filename, bytes: form.file.bytes, text: form.file.upload.head(form.file.bytes).toString() };
        form.file?.upload.release();
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ fields: Object.fromEntries(form.fields), file }));
      },
      (error: GatewayError) => response.writeHead(error.status, { 'content-type': 'application/json' }).end(JSON.stringify({ message: error.message, param: error.param })),
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

test('fields, repeated fields and one file are read; the file is held as it came', async () => {
  const { url, server } = await formServer(1024 * 1024);
  try {
    const form = new FormData();
    form.append('model', 'whisper-1');
    form.append('timestamp_granularities[]', 'word');
    form.append('timestamp_granularities[]', 'segment');
    form.append('file', new Blob(['hello audio']), 'speech.wav');
    const body = (await (await fetch(url, { method: 'POST', body: form })).json()) as { fields: Record<string, string[]>; file: { filename: string; bytes: number; text: string } };
    assert.equal(body.fields.model, ['whisper-1']);
    assert.equal(body.fields['timestamp_granularities[]'], ['word', 'segment']);
    assert.is(body.file.filename, 'speech.wav');
    assert.is(body.file.bytes, 11);
    assert.is(body.file.text, 'hello audio');
  } finally {
    server.close();
  }
});

test('a file over the limit is a 413 while it streams, and the connection still answers', async () => {
  const { url, server } = await formServer(1000);
  try {
    const form = new FormData();
    form.append('model', 'whisper-1');
    form.append('file', new Blob([Buffer.alloc(50_000, 1)]), 'big.wav');
    const response = await fetch(url, { method: 'POST', body: form });
    assert.is(response.status, 413);
    assert.match(((await response.json()) as { message: string }).message, /larger than the limit of 1000 bytes/);
    const small = new FormData();
    small.append('file', new Blob(['ok']), 'small.wav');
    assert.is((await fetch(url, { method: 'POST', body: small })).status, 200);
  } finally {
    server.close();
  }
});

test('not multipart, two files, and a broken body are 400s', async () => {
  const { url, server } = await formServer(1000);
  try {
    const json = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.is(json.status, 400);
    assert.match(((await json.json()) as { message: string }).message, /multipart\/form-data/);
    const two = new FormData();
    two.append('file', new Blob(['a']), 'a.wav');
    two.append('file', new Blob(['b']), 'b.wav');
    assert.is((await fetch(url, { method: 'POST', body: two })).status, 400);
    const broken = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
      body: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.wav"\r\n\r\nno closing boundary',
    });
    assert.is(broken.status, 400);
  } finally {
    server.close();
  }
});

test.run();
