/**
 * The drain over TLS: the HTTP layer answers on the TLS socket, not the TCP one under it. A stream
 * whose head promised keep-alive is closed once it ends, a TLS connection never used and one still in
 * its handshake are closed at once, so the drain ends with the stream, not with the grace period.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Agent, createServer, request } from 'node:https';
import { connect as connectTcp } from 'node:net';
import { connect as connectTls, type TLSSocket } from 'node:tls';
import { readFileSync } from 'node:fs';
import type { AddressInfo, Socket } from 'node:net';
import type { ServerResponse } from 'node:http';
import { trackHttpServer } from '../../src/composition/http-server-drain.ts';
import { selfSignedCertificate } from '../../../../test/support/self-signed-certificate.ts';

const closed = (socket: Socket) => new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));

test('over TLS the drain ends when the last stream ends, closing unused and handshaking connections', async () => {
  const tls = selfSignedCertificate();
  let streaming: ServerResponse | undefined;
  const server = createServer({ cert: tls.cert, key: readFileSync(tls.keyFile) }, (incoming, response) => {
    if (incoming.url === '/stream') {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('first ');
      streaming = response;
    } else response.end('ok');
  });
  const drain = trackHttpServer(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const agent = new Agent({ keepAlive: true, ca: tls.cert });
  const sockets: Socket[] = [];
  const stream = new Promise<{ body: string; connection: string | undefined }>((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path: '/stream', agent }, (incoming) => {
      let body = '';
      incoming.setEncoding('utf8');
      incoming.on('data', (chunk: string) => (body += chunk));
      incoming.on('end', () => resolve({ body, connection: incoming.headers.connection }));
    });
    outgoing.on('socket', (socket) => sockets.push(socket));
    outgoing.on('error', reject);
    outgoing.end();
  });
  while (!streaming) await new Promise((resolve) => setTimeout(resolve, 5));

  const unused: TLSSocket = connectTls({ host: '127.0.0.1', port, ca: tls.cert });
  await new Promise((resolve) => unused.once('secureConnect', resolve));
  const handshaking = connectTcp(port, '127.0.0.1');
  await new Promise((resolve) => handshaking.once('connect', resolve));
  for (const socket of [unused, handshaking]) socket.on('error', () => {});

  const started = Date.now();
  const drained = drain.drain(20_000).then(() => Date.now() - started);
  await Promise.all([closed(unused), closed(handshaking)]);
  await new Promise((resolve) => setTimeout(resolve, 100));
  streaming.end('last');
  const answer = await stream;
  assert.is(answer.body, 'first last');
  assert.is(answer.connection, 'keep-alive', 'the head was written before the drain');
  const timedOut = new Promise<number>((resolve) => setTimeout(() => resolve(Infinity), 5_000).unref());
  const tookMs = await Promise.race([drained, timedOut]);
  assert.ok(tookMs < 5_000, `the drain ended ${tookMs} ms after it began (grace period 20 s)`);
  await closed(sockets[0]!);
  agent.destroy();
  server.closeAllConnections();
});

test.run();
