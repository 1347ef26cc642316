/**
 * The response cache's own rules, on the real in-process Keyv store and on stores that fail: keys
 * ignore field order and metadata, Cache-Control decides lookup and store, entries past the size cap
 * are not kept, the LRU stays within its byte bound, and a store that hangs or throws costs a request
 * at most the timeout, is logged once, and is left alone for a pause.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ResponseCache, type CachedAnswer } from '../../src/engine/cache/response-cache.ts';
import { canonicalJson } from '../../src/engine/cache/canonical-json.ts';
import { createResponseCacheStore } from '../../src/infrastructure/cache/create-response-cache-store.ts';
import { openAICachePolicy } from '../../src/pipeline/endpoints/openai/openai-cache-policy.ts';
import type { ResponseCacheStore } from '../../src/ports/response-cache-store.ts';

function recordingLogger() {
  const lines: string[] = [];
  const logger = { warn: (_object: unknown, message: string) => lines.push(`warn ${message}`), info: (message: string) => lines.push(`info ${message}`) };
  return { lines, logger: logger as never };
}

const answer = (body: string): CachedAnswer => ({ kind: 'json', body, usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 }, usageEstimated: false });
const settled = () => new Promise((resolve) => setImmediate(resolve));

test('the key ignores field order and metadata fields, and nothing else', () => {
  assert.is(canonicalJson({ b: [1, { y: 2, x: 1 }], a: 'x' }), '{"a":"x","b":[1,{"x":1,"y":2}]}');
  const cache = new ResponseCache({ store: createResponseCacheStore({ redisUrl: undefined, maxBytes: 1 << 20 }), logger: recordingLogger().logger, maxEntryChars: 1000 });
  const key = (request: object) => cache.ticket('chat/completions', 'm', openAICachePolicy.requestKey(request), undefined).key;
  const base = key({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
  assert.is(key({ messages: [{ content: 'hi', role: 'user' }], model: 'm', user: 'u1', metadata: { a: '1' }, store: true }), base);
  assert.is.not(key({ model: 'm', messages: [{ role: 'user', content: 'hi' }], temperature: 0 }), base);
  assert.is.not(key({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true }), base);
  assert.is.not(cache.ticket('completions', 'm', openAICachePolicy.requestKey({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }), undefined).key, base, 'the endpoint is part of the key');
});

test('Cache-Control: no-cache skips the lookup only, no-store both; other directives change nothing', () => {
  const cache = new ResponseCache({ store: createResponseCacheStore({ redisUrl: undefined, maxBytes: 1 << 20 }), logger: recordingLogger().logger, maxEntryChars: 1000 });
  const ticket = (header: string | undefined) => {
    const { lookup, store } = cache.ticket('e', 'm', {}, header);
    return { lookup, store };
  };
  assert.equal(ticket(undefined), { lookup: true, store: true });
  assert.equal(ticket('max-age=60'), { lookup: true, store: true });
  assert.equal(ticket('No-Cache'), { lookup: false, store: true });
  assert.equal(ticket('no-cache, no-store'), { lookup: false, store: false });
});

test('answers over the size cap or without a TTL are not stored; the LRU keeps within its bound', async () => {
  const counted: string[] = [];
  const cache = new ResponseCache({ store: createResponseCacheStore({ redisUrl: undefined, maxBytes: 4_000 }), logger: recordingLogger().logger, maxEntryChars: 1_000, count: (outcome) => counted.push(outcome) });
  const ticket = (name: string) => cache.ticket('e', 'm', { name }, undefined);
  void cache.store(ticket('big'), answer('x'.repeat(1_001)), 60);
  void cache.store(ticket('no-ttl'), answer('small'), undefined);
  void cache.store(ticket('kept'), answer('small'), 60);
  await settled();
  assert.is((await cache.lookup(ticket('big'))).status, 'MISS');
  assert.is((await cache.lookup(ticket('no-ttl'))).status, 'MISS');
  const kept = await cache.lookup(ticket('kept'));
  assert.is(kept.status, 'HIT');
  assert.equal(kept.answer, answer('small'));
  // Ten entries of ~900 characters in a 4,000-character LRU: the oldest go, the newest stay.
  for (let index = 0; index < 10; index++) void cache.store(ticket(`fill-${index}`), answer(String(index).repeat(900)), 60);
  await settled();
  assert.is((await cache.lookup(ticket('fill-0'))).status, 'MISS');
  assert.is((await cache.lookup(ticket('fill-9'))).status, 'HIT');
  assert.ok(counted.includes('store') && counted.includes('hit') && counted.includes('miss'));
});

test('a store that hangs costs a lookup the timeout; failures are logged once, then the cache pauses and comes back', async () => {
  let mode: 'hang' | 'throw' | 'work' = 'hang';
  const entries = new Map<string, string>();
  const store: ResponseCacheStore = {
    get: (key) => (mode === 'hang' ? new Promise(() => {}) : mode === 'throw' ? Promise.reject(new Error('ECONNREFUSED')) : Promise.resolve(entries.get(key))),
    set: async (key, value) => {
      if (mode !== 'work') throw new Error('ECONNREFUSED');
      entries.set(key, value);
    },
    clear: async () => entries.clear(),
    close: async () => {},
  };
  let now = 1_000_000;
  const { lines, logger } = recordingLogger();
  const cache = new ResponseCache({ store, logger, maxEntryChars: 1000, timeoutMs: 50, pauseMs: 5_000, now: () => now });
  const started = performance.now();
  assert.is((await cache.lookup(cache.ticket('e', 'm', {}, undefined))).status, 'BYPASS');
  const waited = performance.now() - started;
  assert.ok(waited >= 45 && waited < 1_000, `waited ${waited} ms`);
  const paused = cache.ticket('e', 'm', {}, undefined);
  assert.is(paused.lookup, false, 'paused after a failure');
  assert.is((await cache.lookup(paused)).status, 'BYPASS');

  now += 5_001;
  mode = 'throw';
  assert.is((await cache.lookup(cache.ticket('e', 'm', {}, undefined))).status, 'BYPASS');
  assert.equal(lines, ['warn the response cache store is unreachable; requests go to the providers until it is back'], 'logged once for the outage');

  now += 5_001;
  mode = 'work';
  const ticket = cache.ticket('e', 'm', {}, undefined);
  assert.is((await cache.lookup(ticket)).status, 'MISS');
  void cache.store(ticket, answer('{}'), 60);
  await settled();
  assert.is((await cache.lookup(ticket)).status, 'HIT');
  assert.is(lines.at(-1), 'info the response cache store is reachable again');
  assert.equal(cache.stats(), { hits: 1, misses: 1, bypasses: 1, stores: 1, errors: 2, coalesced: 0 });
});

test('identical requests board one flight: the first leads, the others wait until its answer is stored', async () => {
  const entries = new Map<string, string>();
  let finishSet: (() => void) | undefined;
  const store: ResponseCacheStore = {
    get: async (key) => entries.get(key),
    // Holds the write until the test lets it finish.
    set: (key, value) =>
      new Promise<void>((resolve) => {
        finishSet = () => {
          entries.set(key, value);
          resolve();
        };
      }),
    clear: async () => entries.clear(),
    close: async () => {},
  };
  const cache = new ResponseCache({ store, logger: recordingLogger().logger, maxEntryChars: 1000 });
  const ticket = cache.ticket('chat', 'm', { q: 1 }, undefined);
  const leader = cache.board(ticket)!;
  const follower = cache.board(cache.ticket('chat', 'm', { q: 1 }, undefined))!;
  assert.ok(leader.leads);
  assert.not.ok(follower.leads);
  assert.ok(cache.board(cache.ticket('chat', 'm', { q: 2 }, undefined))!.leads, 'another request leads its own');
  assert.is(cache.board(cache.ticket('chat', 'm', { q: 1 }, 'no-cache')), undefined, 'no-cache does not wait');
  let woken = false;
  if (!follower.leads) void follower.landed.then(() => (woken = true));
  if (leader.leads) {
    leader.land(cache.store(ticket, answer('{"a":1}'), 60));
    leader.land(); // landing twice changes nothing
  }
  await settled();
  assert.not.ok(woken, 'the follower waits while the answer is being stored');
  finishSet!();
  await settled();
  assert.ok(woken);
  assert.is((await cache.lookup(ticket)).status, 'HIT', 'and then finds it');
  assert.ok(cache.board(ticket)!.leads, 'the flight is over: the next request leads a new one');
  assert.is(cache.stats().coalesced, 1);
});

test.run();
