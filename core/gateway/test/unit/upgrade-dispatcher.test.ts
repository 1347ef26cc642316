/** The upgrade dispatcher: routes by path, and answers what it refuses in the format of the path's clients. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { UpgradeDispatcher } from '../../src/adapters/websocket/upgrade-dispatcher.ts';
import { realtimeUpgradeRefusal } from '../../src/adapters/websocket/realtime-upgrade.ts';

/** Upgrades `path` on a fresh dispatcher state; resolves with what was written to the raw socket. */
function upgrade(dispatcher: UpgradeDispatcher, path: string): Promise<string> {
  const socket = new PassThrough();
  let written = '';
  socket.on('data', (chunk: Buffer) => (written += chunk.toString()));
  const done = new Promise<string>((resolve) => socket.on('close', () => resolve(written)));
  dispatcher.handleUpgrade({ url: path, headers: {} } as IncomingMessage, socket, Buffer.alloc(0));
  return done;
}

const handled: string[] = [];
const dispatcher = (): UpgradeDispatcher =>
  new UpgradeDispatcher()
    .route('/graphql', (request, socket) => {
      handled.push(request.url!);
      socket.destroy();
    })
    .route('/v1/realtime', () => {
      throw new Error('broken handler');
    }, realtimeUpgradeRefusal);

test('an unknown path gets a plain 404; a handler that throws gets its route’s refusal (OpenAI JSON for realtime)', async () => {
  const routes = dispatcher();
  assert.match(await upgrade(routes, '/nowhere'), /^HTTP\/1\.1 404 Not Found[\s\S]*No WebSocket endpoint at \/nowhere/);
  const failed = await upgrade(routes, '/v1/realtime?model=m');
  assert.match(failed, /^HTTP\/1\.1 500 /);
  assert.match(failed, /content-type: application\/json/i);
  assert.is(JSON.parse(failed.slice(failed.indexOf('\r\n\r\n') + 4)).error.code, 'upgrade_failed');
});

test('once closed (shutting down): realtime clients get a 503 in OpenAI’s format with retry-after; others plain text', async () => {
  const routes = dispatcher();
  routes.close();
  const realtime = await upgrade(routes, '/v1/realtime?model=m');
  assert.match(realtime, /^HTTP\/1\.1 503 Service Unavailable/);
  assert.match(realtime, /retry-after: 1/i);
  const body = JSON.parse(realtime.slice(realtime.indexOf('\r\n\r\n') + 4)) as { error: { type: string; code: string } };
  assert.equal([body.error.type, body.error.code], ['server_error', 'server_shutting_down']);
  const graphql = await upgrade(routes, '/graphql');
  assert.match(graphql, /^HTTP\/1\.1 503 Service Unavailable[\s\S]*text\/plain[\s\S]*shutting down/);
  assert.equal(handled, [], 'no handler ran after close');
});

test.run();
