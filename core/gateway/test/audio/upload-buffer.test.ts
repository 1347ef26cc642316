import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UploadBuffer } from '../../src/pipeline/http/upload-buffer.ts';

const pattern = (bytes: number): Buffer => {
  const buffer = Buffer.allocUnsafe(bytes);
  for (let at = 0; at < bytes; at++) buffer[at] = (at * 7) & 0xff;
  return buffer;
};

async function readAll(upload: UploadBuffer): Promise<Buffer> {
  const pieces: Uint8Array[] = [];
  for await (const piece of upload.read()) pieces.push(Buffer.from(piece));
  return Buffer.concat(pieces);
}

test('bytes appended in pieces read back whole, again for each reader, in slices', async () => {
  const bytes = pattern(3 * 1024 * 1024 + 123);
  const upload = new UploadBuffer(bytes.length + 200, 25_000_000);
  for (let at = 0; at < bytes.length; at += 65_536) upload.append(bytes.subarray(at, at + 65_536));
  assert.is(upload.bytes, bytes.length);
  assert.ok((await readAll(upload)).equals(bytes));
  let slices = 0;
  for await (const piece of upload.read()) {
    slices++;
    assert.ok(piece.length <= 1024 * 1024);
  }
  assert.is(slices, 4);
  assert.ok(upload.head(4).equals(bytes.subarray(0, 4)));
  upload.release();
});

test('without a declared length the buffer grows, keeping what it held, up to the limit and no further', async () => {
  const bytes = pattern(40 * 1024 * 1024);
  const upload = new UploadBuffer(undefined, bytes.length);
  for (let at = 0; at < bytes.length; at += 1_000_000) upload.append(bytes.subarray(at, at + 1_000_000));
  assert.ok((await readAll(upload)).equals(bytes));
  assert.throws(() => upload.append(Buffer.alloc(1)), /larger than/);
  upload.release();
});

test('release frees the memory at once when nothing reads it; the views read empty after', async () => {
  const upload = new UploadBuffer(2_000_000, 25_000_000);
  upload.append(pattern(2_000_000));
  const reader = upload.read();
  const first = (await reader.next()).value as Uint8Array;
  await reader.return(undefined);
  const before = process.memoryUsage().arrayBuffers;
  upload.release();
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.is(first.length, 0, 'the view handed out is detached');
  assert.ok(before - process.memoryUsage().arrayBuffers >= 2_000_000, 'the buffer is no longer counted');
  let refused = false;
  try {
    await readAll(upload);
  } catch (error) {
    refused = /released/.test((error as Error).message);
  }
  assert.ok(refused, 'a released upload cannot be read');
});

test('release while a read is under way waits for the reader to finish or return', async () => {
  const bytes = pattern(3 * 1024 * 1024);
  const upload = new UploadBuffer(bytes.length, 25_000_000);
  upload.append(bytes);
  const reader = upload.read();
  const first = (await reader.next()).value as Uint8Array;
  upload.release();
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.is(first.length, 1024 * 1024, 'still readable: a socket may be writing it');
  // The next read stops (the request is over), and then the memory goes.
  let stopped = false;
  try {
    await reader.next();
  } catch (error) {
    stopped = /released/.test((error as Error).message);
  }
  assert.ok(stopped);
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.is(first.length, 0);
});

test.run();
