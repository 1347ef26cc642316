import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { once } from 'node:events';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ResponseHead } from '../../src/pipeline/http/response-head.ts';

/** The head a real client receives when `respond` answers a request. */
async function received(respond: (response: ServerResponse) => void): Promise<IncomingMessage> {
  const server = createServer((_request, response) => respond(response));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const outgoing = request(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    outgoing.end();
    const [answer] = (await once(outgoing, 'response')) as [IncomingMessage];
    answer.resume();
    await once(answer, 'end');
    return answer;
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

test('set replaces a header of the same name; get reads it', () => {
  const head = new ResponseHead();
  head.set('x-a', '1');
  head.set('x-b', '2');
  head.set('x-a', '3');
  head.setAll({ 'x-c': '4', 'x-b': '5' });
  assert.is(head.get('x-a'), '3');
  assert.is(head.get('x-b'), '5');
  assert.is(head.get('x-c'), '4');
  assert.is(head.get('x-d'), undefined);
});

test('writeTo sends the status and every header once, in the order first set', async () => {
  const answer = await received((response) => {
    const head = new ResponseHead();
    head.set('x-request-id', 'r1');
    head.set('content-type', 'application/json');
    head.set('x-request-id', 'r2');
    head.set('content-length', '2');
    head.writeTo(response, 201);
    response.end('{}');
  });
  assert.is(answer.statusCode, 201);
  const names = answer.rawHeaders.filter((_value, index) => index % 2 === 0);
  assert.equal(names.slice(0, 3), ['x-request-id', 'content-type', 'content-length']);
  assert.is(answer.headers['x-request-id'], 'r2');
});

test('applyTo hands the headers to a response that Koa (or anything else) writes with its own', async () => {
  const answer = await received((response) => {
    const head = new ResponseHead();
    head.set('x-request-id', 'r1');
    response.setHeader('content-type', 'text/plain');
    head.applyTo(response);
    response.end('ok');
  });
  assert.is(answer.headers['x-request-id'], 'r1');
  assert.is(answer.headers['content-type'], 'text/plain');
});

test('when Node will not keep the connection (a draining server), writeTo says Connection: close over a keep-alive asked for', async () => {
  const answer = await received((response) => {
    response.shouldKeepAlive = false;
    const head = new ResponseHead();
    head.set('connection', 'keep-alive');
    head.set('content-length', '2');
    head.writeTo(response, 200);
    response.end('{}');
  });
  assert.is(answer.headers.connection, 'close');
  const kept = await received((response) => {
    const head = new ResponseHead();
    head.set('content-length', '2');
    head.writeTo(response, 200);
    response.end('{}');
  });
  assert.is(kept.headers.connection, 'keep-alive');
});

test.run();
