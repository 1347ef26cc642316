/** The wrk driver's Lua script: the body and headers reach the server intact, percentiles come back. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runWrk, wrkAvailable } from '../src/load/run-wrk.ts';

const wrkTest = wrkAvailable() ? test : () => console.log('conduit-skip: wrk not installed (wrk not on PATH)');

wrkTest('wrk posts the body and the headers, and reports percentiles', async () => {
  let posted = '';
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      posted = Buffer.concat(chunks).toString();
      response.writeHead(request.headers.authorization === 'Bearer k]]ey' ? 200 : 401).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const result = await runWrk({ origin, path: '/v1/x', headers: { authorization: 'Bearer k]]ey' }, body: '{"a":"]]"}' }, 2, 1);
    assert.is(posted, '{"a":"]]"}');
    assert.is(result.errors, 0);
    assert.ok(result.requests > 0);
    assert.ok(Number.isFinite(result.p50Ms) && Number.isFinite(result.p99Ms));
  } finally {
    server.close();
    server.closeAllConnections();
  }
});

test.run();
