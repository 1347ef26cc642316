// conduit-test: own process (it counts the objects alive in its heap, which other files' leftovers would change)
/**
 * Realtime sessions keep nothing once they end: 180 sessions opened through a real gateway,
 * streaming audio, billed, and closed (by the client, or by the provider); then a heap snapshot of
 * the process counts no more relays, sockets, cancellations or timers alive than before them, and the
 * heap after a full collection has grown by no more than the code compiled meanwhile. A relay kept
 * by any map, listener or timer after its session would show in both.
 *
 * The upstream here is a bare echo keeping nothing per session (the conformance fakes remember what
 * they received, which would count against the gateway in this same heap).
 */
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import v8 from 'node:v8';
import vm from 'node:vm';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { WebSocketServer } from 'ws';
import { waitUntil } from '@conduit/plugin-api/conformance';
import { sqliteTarget } from '../support/database-targets.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { waitUntil as waitUntilResolved } from '../../../../test/support/wait-until.ts';
import { browserSession, pcmBase64 } from './realtime-support.ts';

interface Context {
  upstream: Server;
  harness: TestGateway;
  key: { key: string; id: string };
}

const test = suite<Context>('realtime sessions leave nothing behind (sqlite)');

/** session.created, an audio delta echoing each append, a response.done with usage every 2 appends; `drop` closes after the first append. */
function echoUpstream(): Server {
  const server = createServer((_request, response) => response.writeHead(404).end());
  const sockets = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  server.on('upgrade', (request, socket, head) =>
    sockets.handleUpgrade(request, socket, head, (ws) => {
      const model = new URL(request.url ?? '/', 'http://upstream').searchParams.get('model') ?? '';
      ws.send(JSON.stringify({ type: 'session.created', event_id: 'event_1', session: { type: 'realtime', id: 'sess_1', model, audio: { input: { format: { type: 'audio/pcm', rate: 24000 } }, output: { format: { type: 'audio/pcm', rate: 24000 } } } } }));
      let appends = 0;
      ws.on('message', (data: Buffer) => {
        const event = JSON.parse(data.toString('utf8')) as { type?: string; audio?: string };
        if (event.type !== 'input_audio_buffer.append') return;
        appends += 1;
        ws.send(JSON.stringify({ type: 'response.output_audio.delta', event_id: `event_d${appends}`, response_id: 'resp_1', item_id: 'item_1', output_index: 0, content_index: 0, delta: event.audio }));
        if (appends % 2 === 0) {
          const usage = { total_tokens: 40, input_tokens: 20, output_tokens: 20, input_token_details: { text_tokens: 0, audio_tokens: 20, cached_tokens: 0 }, output_token_details: { text_tokens: 0, audio_tokens: 20 } };
          ws.send(JSON.stringify({ type: 'response.done', event_id: `event_r${appends}`, response: { object: 'realtime.response', id: 'resp_1', status: 'completed', output: [], usage } }));
        }
        if (model === 'drop' && appends === 1) ws.close(1000, 'done');
      });
    }),
  );
  return server;
}

test.before(async (context) => {
  context.upstream = echoUpstream();
  await new Promise<void>((resolve) => context.upstream.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(context.upstream.address() as AddressInfo).port}/v1`;
  context.harness = await startTestGateway({ databaseUrl: await sqliteTarget.freshDatabaseUrl() });
  const { harness } = context;
  const provider = await harness.createProvider({ name: 'echo-rt', type: 'openai', baseUrl, apiKey: 'sk-echo' });
  await harness.createDeployment({ modelName: 'echo-realtime', providerId: provider, providerModel: 'echo', capabilities: { realtime: true } });
  await harness.createDeployment({ modelName: 'dropping-realtime', providerId: provider, providerModel: 'drop', capabilities: { realtime: true } });
  for (const model of ['echo-realtime', 'dropping-realtime']) {
    await harness.graphql(`mutation { createModelCost(input: { model: "${model}", inputPerMillion: 4, outputPerMillion: 16, audioInputPerMillion: 32, audioOutputPerMillion: 64 }) { id } }`);
  }
  await harness.graphql('mutation { updateLimitSettings(input: { defaultMaxRealtimeSessions: 100, maxRealtimeSessions: 100 }) { defaultMaxRealtimeSessions } }');
  // A budget, so that every session reserves and settles slices as it is billed.
  context.key = await harness.createKey({ name: 'churn', maxBudget: 1000, budgetPeriod: 'DAILY' });
});

test.after(async ({ harness, upstream }) => {
  await harness?.close();
  await new Promise((resolve) => upstream?.close(resolve));
});

v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;

async function heapAfterCollection(): Promise<number> {
  // Timers of the ended sessions (a closing socket's 2 s terminate) run out first.
  await new Promise((resolve) => setTimeout(resolve, 2500));
  for (let index = 0; index < 3; index++) {
    collect();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

/** What a session is made of, on the gateway's side and the client's: none should outlive its session. */
const sessionParts = ['RealtimeRelay', 'RealtimeUsageTotals', 'Cancellation', 'WebSocket', 'AbortController', 'AbortSignal', 'Socket', 'Timeout'];

/** Live objects of each class in `names`, counted in a heap snapshot of this process (gateway and clients); call after heapAfterCollection. */
async function liveObjects(names: readonly string[]): Promise<Record<string, number>> {
  const chunks: string[] = [];
  for await (const chunk of v8.getHeapSnapshot()) chunks.push(String(chunk));
  const snapshot = JSON.parse(chunks.join('')) as { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }; nodes: number[]; strings: string[] };
  const fields = snapshot.snapshot.meta.node_fields;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const objectType = snapshot.snapshot.meta.node_types[0].indexOf('object');
  const counts: Record<string, number> = Object.fromEntries(names.map((name) => [name, 0]));
  for (let node = 0; node < snapshot.nodes.length; node += fields.length) {
    if (snapshot.nodes[node + typeAt] !== objectType) continue;
    const name = snapshot.strings[snapshot.nodes[node + nameAt]!]!;
    if (name in counts) counts[name]! += 1;
  }
  return counts;
}

/** `count` sessions, 20 at a time: each streams 4 chunks (billed twice), then the client closes it — or, on the dropping model, the provider does. */
async function sessions({ harness, key }: Context, count: number): Promise<void> {
  const chunk = pcmBase64(2400);
  for (let first = 0; first < count; first += 20) {
    await Promise.all(
      Array.from({ length: Math.min(20, count - first) }, async (_, index) => {
        const dropping = (first + index) % 4 === 3;
        const session = browserSession(harness.url, key.key, dropping ? 'dropping-realtime' : 'echo-realtime');
        const closed = new Promise((resolve) => session.socket.once('close', resolve));
        await session.opened;
        await waitUntil(() => session.seen.some((event) => event.type === 'session.created'), 'session.created', 10_000);
        for (let sent = 0; sent < 4; sent++) session.socket.send(JSON.stringify({ type: 'input_audio_buffer.append', audio: chunk }));
        if (!dropping) {
          await waitUntil(() => session.seen.filter((event) => event.type === 'response.output_audio.delta').length === 4, 'four echoes', 10_000);
          session.socket.close();
        }
        await closed;
      }),
    );
  }
  await waitUntilResolved(async () => (await harness.gateway.realtimeSessions.list()).length === 0, { timeoutMs: 10_000, description: 'every session to end' });
  await harness.gateway.logWriter.flush();
}

const sessionCount = 120;

test(`${sessionCount} sessions opened, billed and closed leave none of their objects alive, and the heap grows by no more than the code V8 compiles meanwhile`, async (context) => {
  // Warm-up: compiled code, pools and caches that are built once.
  await sessions(context, 60);
  const before = await heapAfterCollection();
  const objectsBefore = await liveObjects(sessionParts);
  await sessions(context, sessionCount);
  const after = await heapAfterCollection();
  const objectsAfter = await liveObjects(sessionParts);
  for (const name of sessionParts) {
    assert.ok(objectsAfter[name]! <= objectsBefore[name]! + 2, `${name}: ${objectsBefore[name]} live before ${sessionCount} sessions, ${objectsAfter[name]} after`);
  }
  assert.is(objectsAfter.RealtimeRelay, 0, 'no relay outlives its session');
  // About 2 KB a session remains, and a heap snapshot diff shows it is all code: optimised code, its
  // deopt data and feedback vectors of functions growing hot. A session's relay kept alive costs
  // over 20 KB.
  const perSession = (after - before) / sessionCount;
  assert.ok(perSession < 8 * 1024, `the heap grew by ${Math.round(perSession)} bytes a session (${((after - before) / 1024 / 1024).toFixed(2)} MB over ${sessionCount})`);
  const [rows] = await context.harness.gateway.database.sequelize.query("SELECT COUNT(*) AS n FROM request_logs WHERE endpoint = 'realtime' AND status = 101");
  assert.is(Number((rows as Array<{ n: number }>)[0]!.n), 60 + sessionCount, 'every session was logged');
});

test.run();
