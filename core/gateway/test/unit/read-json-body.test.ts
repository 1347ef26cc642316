/**
 * readJsonBody over real sockets: a body already buffered when the route reads it, one still arriving
 * in pieces, and bodies over the limit with and without a declared length.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { readJsonBody } from '../../src/pipeline/http/read-json-body.ts';

const limit = 1024;

/** Serves one request: reads the body (after `wait` ms), answers with what was read or the error. */
async function exchange(pieces: Array<string | Buffer>, options: { wait: number; declareLength: boolean }): Promise<{ status: number; body: unknown }> {
  const server = createServer((req: IncomingMessage, res) => {
    void (async () => {
      if (options.wait > 0) await sleep(options.wait);
      try {
        const value = await readJsonBody({ request: req, response: res }, limit);
        res.end(JSON.stringify({ value }));
      } catch (error) {
        res.statusCode = (error as { status?: number }).status ?? 500;
        res.end(JSON.stringify({ error: (error as Error).message }));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const length = pieces.reduce((sum, piece) => sum + Buffer.byteLength(piece), 0);
    return await new Promise((resolve, reject) => {
      const req = httpRequest(
        { port, host: '127.0.0.1', method: 'POST', headers: options.declareLength ? { 'content-length': length } : {} },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
        },
      );
      req.on('error', reject);
      void (async () => {
        for (const piece of pieces) {
          req.write(piece);
          await sleep(10);
        }
        req.end();
      })();
    });
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

const json = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'caf\u00e9' }] });

test('a body read once it is buffered, and one read as it arrives, give the same value', async () => {
  for (const wait of [0, 50]) {
    for (const declareLength of [true, false]) {
      const whole = await exchange([json], { wait, declareLength });
      assert.equal(whole, { status: 200, body: { value: JSON.parse(json) } }, `whole, wait ${wait}, length ${declareLength}`);
      const bytes = Buffer.from(json);
      // Cut inside the two-byte é.
      const at = bytes.indexOf(0xc3) + 1;
      const split = await exchange([bytes.subarray(0, at), bytes.subarray(at)], { wait, declareLength });
      assert.equal(split, { status: 200, body: { value: JSON.parse(json) } }, `split, wait ${wait}, length ${declareLength}`);
    }
  }
});

test('a body over the limit is refused, declared or not, buffered or arriving', async () => {
  const big = JSON.stringify({ text: 'x'.repeat(limit) });
  for (const wait of [0, 50]) {
    for (const declareLength of [true, false]) {
      const result = await exchange([big.slice(0, 600), big.slice(600)], { wait, declareLength });
      assert.is(result.status, 413, `wait ${wait}, length ${declareLength}`);
    }
  }
});

test('an empty body and a body that is not JSON are 400s', async () => {
  for (const wait of [0, 50]) {
    assert.is((await exchange([], { wait, declareLength: true })).status, 400);
    assert.is((await exchange(['{"a":'], { wait, declareLength: true })).status, 400);
  }
});

test.run();
