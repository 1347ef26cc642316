/**
 * trackProviderClient counts a client's calls and streams so a replaced client is closed only when
 * idle, without changing what callers see: the same answers, a stream's extra faces (the raw-JSON
 * fast path and its runs()) intact, and clients that own nothing left unwrapped.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CallOptions, ProviderClient } from '@conduit/plugin-api';
import { rawJsonEvents, rawJsonEventsOf } from '@conduit/plugin-api/internal';
import { trackProviderClient } from '../../src/engine/state/tracked-provider-client.ts';

const options = {} as CallOptions;

/** A stream offering both ways of reading it, as OpenAI-format plugin streams do. */
function rawCapableStream(events: string[], log: string[]) {
  return {
    [Symbol.asyncIterator]: async function* () {
      for (const event of events) yield JSON.parse(event) as unknown;
    },
    [rawJsonEvents]() {
      let index = 0;
      return {
        next: async () => (index < events.length ? { done: false as const, value: [events[index++]!] } : { done: true as const, value: undefined }),
        runs: () => void log.push('runs'),
      };
    },
  };
}

function clientWith(stream: () => unknown, log: string[]): ProviderClient {
  return {
    chat: async () => ({ id: 'answer' }),
    chatStream: stream,
    close: async () => void log.push('closed'),
  } as unknown as ProviderClient;
}

test('a client without close() is returned as it is', () => {
  const plain = { chat: async () => ({}), chatStream: async function* () {} } as unknown as ProviderClient;
  assert.is(trackProviderClient(plain).client, plain);
});

test('answers pass through; close waits for a pending call', async () => {
  const log: string[] = [];
  let release!: () => void;
  const original = clientWith(() => undefined, log);
  original.chat = () => new Promise((resolve) => (release = () => resolve({ id: 'late' } as never)));
  const tracked = trackProviderClient(original);
  const answer = tracked.client.chat({ model: 'm', messages: [] }, options);
  const closing = tracked.closeWhenIdle(60_000);
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(log, []);
  release();
  assert.equal(await answer, { id: 'late' });
  await closing;
  assert.equal(log, ['closed']);
});

test('the raw-JSON face of a stream survives the wrapping, runs() included, and is counted until done', async () => {
  const log: string[] = [];
  const events = ['{"a":1}', '{"a":2}'];
  const tracked = trackProviderClient(clientWith(() => rawCapableStream(events, log), log));
  const stream = tracked.client.chatStream({ model: 'm', messages: [] }, options);
  const raw = rawJsonEventsOf(stream);
  assert.ok(raw, 'the fast path is still offered');
  raw!.runs?.();
  assert.equal(log, ['runs']);
  const closing = tracked.closeWhenIdle(60_000);
  assert.equal((await raw!.next()).value, ['{"a":1}']);
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(log, ['runs'], 'not closed while the stream is read');
  assert.equal((await raw!.next()).value, ['{"a":2}']);
  assert.is((await raw!.next()).done, true);
  await closing;
  assert.equal(log, ['runs', 'closed']);
});

test('a stream the reader abandons with return() stops counting; one never returned is cut after maxWaitMs', async () => {
  const log: string[] = [];
  const tracked = trackProviderClient(clientWith(() => rawCapableStream(['{"a":1}', '{"a":2}'], log), log));
  const iterator = tracked.client.chatStream({ model: 'm', messages: [] }, options)[Symbol.asyncIterator]();
  assert.equal(await iterator.next(), { done: false, value: { a: 1 } });
  await iterator.return?.();
  await tracked.closeWhenIdle(60_000);
  assert.equal(log, ['closed']);

  const stuck: string[] = [];
  const forgotten = trackProviderClient(clientWith(() => rawCapableStream(['{"a":1}'], stuck), stuck));
  await forgotten.client.chatStream({ model: 'm', messages: [] }, options)[Symbol.asyncIterator]().next();
  const started = Date.now();
  // The wait's own timer is unref'd (it must not hold a stopping process); this one keeps the test alive.
  const keepAlive = setTimeout(() => undefined, 5_000);
  await forgotten.closeWhenIdle(50);
  clearTimeout(keepAlive);
  assert.ok(Date.now() - started >= 45);
  assert.equal(stuck, ['closed']);
});

test.run();
