/**
 * The response cache, end to end with the official openai SDK: a deployment's cache TTL makes the
 * second identical request an answer without a provider call (JSON and streams alike), at no cost;
 * Cache-Control, errors, cut streams and TTL expiry behave; two gateways share entries through one
 * real Redis, and a Redis that goes away only turns the cache off.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import OpenAI from 'openai';
import { Redis } from 'ioredis';
import { startOpenAIFakeUpstream, type OpenAIFakeUpstream } from '../../../../plugins/provider-openai/test/fake-openai-upstream.ts';
import { startRedis } from '../../../../test/support/services.ts';
import { eventually } from '../support/limit-helpers.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';

// Started before any suite is registered, so uvu runs them all in one pass.
const redis = await startRedis();

interface Context {
  fake: OpenAIFakeUpstream;
  gateway: TestGateway;
  key: string;
  keyId: string;
  client: OpenAI;
}

const messages = (content: string) => [{ role: 'user' as const, content }];
type Spend = { virtualKey: { spend: number; reserved: number } };
const spendQuery = 'query($id: ID!) { virtualKey(id: $id) { spend reserved } }';

async function loggedRows(gateway: TestGateway, keyId: string): Promise<Array<{ cacheHit: boolean; cost: number; status: number; totalTokens: number | null; providerId: string | null }>> {
  await gateway.gateway.logWriter.flush();
  const logs = await gateway.graphql<{ requestLogs: { edges: Array<{ node: { cacheHit: boolean; cost: number; status: number; totalTokens: number | null; providerId: string | null } }> } }>(
    'query($key: ID) { requestLogs(first: 50, virtualKeyId: $key) { edges { node { cacheHit cost status totalTokens providerId } } } }',
    { key: keyId },
  );
  return logs.requestLogs.edges.map((edge) => edge.node).reverse();
}

const test = suite<Context>('response cache (memory)');

test.before(async (context) => {
  context.fake = await startOpenAIFakeUpstream();
  context.gateway = await startTestGateway();
  const provider = await context.gateway.createOpenAIProvider('fake', context.fake);
  await context.gateway.createDeployment({ modelName: 'cached', providerId: provider, providerModel: 'gpt-4o-mini', cacheTtlSeconds: 300 });
  await context.gateway.createDeployment({ modelName: 'brief', providerId: provider, providerModel: 'gpt-4o-mini', cacheTtlSeconds: 1 });
  await context.gateway.createDeployment({ modelName: 'uncached', providerId: provider, providerModel: 'gpt-4o-mini' });
  await context.gateway.createDeployment({ modelName: 'instruct', providerId: provider, providerModel: 'gpt-3.5-turbo-instruct', cacheTtlSeconds: 300 });
  await context.gateway.createDeployment({ modelName: 'embed', providerId: provider, providerModel: 'text-embedding-3-small', cacheTtlSeconds: 300 });
  await context.gateway.graphql('mutation { createModelCost(input: { model: "cached", inputPerMillion: 1000, outputPerMillion: 1000 }) { id } }');
  await context.gateway.graphql('mutation { createModelCost(input: { model: "instruct", inputPerMillion: 1, outputPerMillion: 1 }) { id } }');
  const { key, id } = await context.gateway.createKey({ maxBudget: 100, budgetPeriod: 'MONTHLY' });
  context.key = key;
  context.keyId = id;
  context.client = context.gateway.openai(key);
});

test.after(async ({ gateway, fake }) => {
  await gateway.close();
  await fake.close();
});

test('a cache TTL is validated and stored: out of range is refused naming the field, null clears it', async ({ gateway, fake }) => {
  const provider = await gateway.createOpenAIProvider('ttl-check', fake);
  const create = 'mutation($input: CreateModelDeploymentInput!) { createModelDeployment(input: $input) { id cacheTtlSeconds } }';
  const refused = await gateway.graphqlRaw(create, { input: { modelName: 'ttl', providerId: provider, providerModel: 'gpt-4o-mini', cacheTtlSeconds: -1 } });
  assert.match(refused.body.errors?.[0]?.message ?? '', /cacheTtlSeconds/);
  const created = await gateway.graphql<{ createModelDeployment: { id: string; cacheTtlSeconds: number | null } }>(create, {
    input: { modelName: 'ttl', providerId: provider, providerModel: 'gpt-4o-mini', cacheTtlSeconds: 60 },
  });
  assert.is(created.createModelDeployment.cacheTtlSeconds, 60);
  const cleared = await gateway.graphql<{ updateModelDeployment: { cacheTtlSeconds: number | null } }>(
    'mutation($id: ID!) { updateModelDeployment(id: $id, input: { cacheTtlSeconds: null }) { cacheTtlSeconds } }',
    { id: created.createModelDeployment.id },
  );
  assert.is(cleared.updateModelDeployment.cacheTtlSeconds, null);
  await gateway.graphql('mutation($id: ID!) { deleteModelDeployment(id: $id) }', { id: created.createModelDeployment.id });
});

test('a miss goes to the provider; the same request again is a hit with the same body, no provider call, no cost', async ({ gateway, fake, client, keyId }) => {
  const before = fake.requests().length;
  fake.enqueue({ type: 'message', text: 'Paris.', finish: 'stop', usage: { input: 12, output: 3 } });
  const first = await client.chat.completions.create({ model: 'cached', messages: messages('Capital of France?'), user: 'alice' }).withResponse();
  assert.is(first.response.headers.get('x-conduit-cache'), 'MISS');
  assert.ok(first.response.headers.get('x-conduit-provider'), 'the miss names its provider');
  // Another `user` and another field order: the same question.
  const second = await client.chat.completions.create({ messages: messages('Capital of France?'), model: 'cached', user: 'bob' }).withResponse();
  assert.is(second.response.headers.get('x-conduit-cache'), 'HIT');
  assert.is(second.response.headers.get('x-conduit-provider'), null, 'no provider answered');
  assert.ok(second.response.headers.get('x-request-id'));
  assert.equal(second.data, first.data, 'the body the original answer had');
  assert.is(second.data.choices[0]!.message.content, 'Paris.');
  assert.is(fake.requests().length, before + 1, 'the provider saw one call');

  const other = await client.chat.completions.create({ model: 'cached', messages: messages('Capital of France?'), temperature: 0.5 }).withResponse();
  assert.is(other.response.headers.get('x-conduit-cache'), 'MISS', 'a parameter that changes the answer is another entry');
  assert.is(fake.requests().length, before + 2);

  const spend = await eventually(async () => (await gateway.graphql<Spend>(spendQuery, { id: keyId })).virtualKey, (state) => state.reserved === 0);
  const rows = await loggedRows(gateway, keyId);
  const [miss, hit] = rows.slice(-3);
  assert.is(miss!.cacheHit, false);
  assert.is(hit!.cacheHit, true);
  assert.is(hit!.cost, 0, 'a hit costs nothing');
  assert.is(hit!.status, 200);
  assert.is(hit!.totalTokens, 15, "the cached answer's tokens are logged");
  assert.is(hit!.providerId, null);
  assert.ok(miss!.cost > 0);
  const charged = rows.reduce((sum, row) => sum + row.cost, 0);
  assert.ok(Math.abs(spend.spend - charged) < 1e-12, `the budget was charged for the provider calls only (${spend.spend} vs ${charged})`);
});

test('a streamed answer is replayed as SSE the SDK parses, with the same chunks and usage', async ({ fake, client }) => {
  const before = fake.requests().length;
  fake.enqueue({ type: 'message', text: 'One, two, three, four.', finish: 'stop', usage: { input: 9, output: 6 }, pieces: 4 });
  const read = async () => {
    const { data: stream, response } = await client.chat.completions
      .create({ model: 'cached', messages: messages('Count to four'), stream: true, stream_options: { include_usage: true } })
      .withResponse();
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    return { chunks, cache: response.headers.get('x-conduit-cache'), type: response.headers.get('content-type') };
  };
  const first = await read();
  const second = await read();
  assert.is(first.cache, 'MISS');
  assert.is(second.cache, 'HIT');
  assert.match(second.type ?? '', /^text\/event-stream/);
  assert.equal(second.chunks, first.chunks);
  assert.is(second.chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join(''), 'One, two, three, four.');
  assert.is(second.chunks.at(-1)!.usage?.total_tokens, 15);
  assert.is(fake.requests().length, before + 1);

  // The same request not streamed is its own entry: a stream is replayed as a stream only.
  const json = await client.chat.completions.create({ model: 'cached', messages: messages('Count to four') }).withResponse();
  assert.is(json.response.headers.get('x-conduit-cache'), 'MISS');
});

test('completions and embeddings are cached too; a model without a cache TTL is not looked up', async ({ fake, client }) => {
  const before = fake.requests().length;
  fake.enqueue({ type: 'embeddings', dimensions: 4, usage: { input: 2 } });
  const first = await client.embeddings.create({ model: 'embed', input: ['hello'] }).withResponse();
  const second = await client.embeddings.create({ model: 'embed', input: ['hello'] }).withResponse();
  assert.equal([first.response.headers.get('x-conduit-cache'), second.response.headers.get('x-conduit-cache')], ['MISS', 'HIT']);
  assert.equal(second.data.data[0]!.embedding, first.data.data[0]!.embedding);

  const completion = () => client.completions.create({ model: 'instruct', prompt: 'Say hi' }).withResponse();
  const [one, two] = [await completion(), await completion()];
  assert.equal([one.response.headers.get('x-conduit-cache'), two.response.headers.get('x-conduit-cache')], ['MISS', 'HIT']);
  assert.equal(two.data, one.data);

  const plain = await client.chat.completions.create({ model: 'uncached', messages: messages('hi') }).withResponse();
  await client.chat.completions.create({ model: 'uncached', messages: messages('hi') });
  assert.is(plain.response.headers.get('x-conduit-cache'), null);
  assert.is(fake.requests().length, before + 4, 'embeddings once, completions once, the uncached model twice');
});

test('Cache-Control: no-cache skips the lookup but stores the fresh answer; no-store skips both', async ({ fake, client }) => {
  const ask = (content: string, cacheControl?: string) =>
    client.chat.completions.create({ model: 'cached', messages: messages(content) }, cacheControl ? { headers: { 'cache-control': cacheControl } } : {}).withResponse();
  fake.enqueue({ type: 'message', text: 'old', finish: 'stop', usage: { input: 1, output: 1 } });
  await ask('weather?');
  fake.enqueue({ type: 'message', text: 'fresh', finish: 'stop', usage: { input: 1, output: 1 } });
  const fresh = await ask('weather?', 'no-cache');
  assert.is(fresh.response.headers.get('x-conduit-cache'), 'BYPASS');
  assert.is(fresh.data.choices[0]!.message.content, 'fresh');
  const after = await ask('weather?');
  assert.is(after.response.headers.get('x-conduit-cache'), 'HIT');
  assert.is(after.data.choices[0]!.message.content, 'fresh', 'the no-cache answer replaced the entry');

  const before = fake.requests().length;
  const unstored = await ask('news?', 'no-store');
  assert.is(unstored.response.headers.get('x-conduit-cache'), 'BYPASS');
  const next = await ask('news?');
  assert.is(next.response.headers.get('x-conduit-cache'), 'MISS', 'no-store kept the answer out');
  assert.is(fake.requests().length, before + 2);
});

test('errors and cut streams are not cached', async ({ fake, client }) => {
  const before = fake.requests().length;
  fake.enqueue({ type: 'http-error', status: 400, message: 'bad request upstream' });
  const failed = await client.chat.completions.create({ model: 'cached', messages: messages('fail once') }).catch((error: unknown) => error);
  assert.instance(failed, OpenAI.APIError);
  assert.is((failed as InstanceType<typeof OpenAI.APIError>).status, 400);
  const retried = await client.chat.completions.create({ model: 'cached', messages: messages('fail once') }).withResponse();
  assert.is(retried.response.headers.get('x-conduit-cache'), 'MISS');

  fake.enqueue({ type: 'stream-error', textBefore: 'Half an ans', message: 'upstream died' });
  const cut = async () => {
    const stream = await client.chat.completions.create({ model: 'cached', messages: messages('cut me'), stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    return text;
  };
  await cut().then(
    () => assert.unreachable('the cut stream ends with an error'),
    (error: unknown) => assert.instance(error, OpenAI.APIError),
  );
  assert.is(await cut(), 'Hello from the fake OpenAI upstream.', 'the next request went to the provider');
  assert.is(fake.requests().length, before + 4);

  // Closed mid-answer without an error event or [DONE] (a proxy's timeout): an error, never a short answer.
  const piece = (content: string) =>
    `data: ${JSON.stringify({ id: 'chatcmpl-cut', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
  fake.enqueue({ type: 'raw', status: 200, headers: { 'content-type': 'text/event-stream' }, body: [piece('Half'), piece(' an answer')] });
  const closed = async () => {
    const { data: stream, response } = await client.chat.completions.create({ model: 'cached', messages: messages('closed early'), stream: true }).withResponse();
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    return { text, cache: response.headers.get('x-conduit-cache') };
  };
  await closed().then(
    () => assert.unreachable('a stream closed before its answer finished ends with an error'),
    (error: unknown) => assert.instance(error, OpenAI.APIError),
  );
  assert.equal(await closed(), { text: 'Hello from the fake OpenAI upstream.', cache: 'MISS' }, 'not cached: the next request went to the provider');
  assert.is(fake.requests().length, before + 6);
});

test('identical requests at once: one provider call, the others wait for its answer and are hits', async ({ gateway, fake, client }) => {
  const before = fake.requests().length;
  const stats = async () => (await gateway.graphql<{ cacheStats: { coalesced: number; hits: number } }>('{ cacheStats { coalesced hits } }')).cacheStats;
  const counted = await stats();
  fake.enqueue({ type: 'message', text: 'Five at once.', finish: 'stop', usage: { input: 5, output: 3 } });
  fake.setDelay(300);
  try {
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => client.chat.completions.create({ model: 'cached', messages: messages('all at once') }).withResponse()),
    );
    assert.equal(answers.map((answer) => answer.response.headers.get('x-conduit-cache')).sort(), ['HIT', 'HIT', 'HIT', 'HIT', 'MISS']);
    assert.ok(answers.every((answer) => answer.data.choices[0]!.message.content === 'Five at once.'));
    assert.is(fake.requests().length, before + 1, 'the provider saw one call');
    const now = await stats();
    assert.equal([now.coalesced - counted.coalesced, now.hits - counted.hits], [4, 4]);

    // A leader with no answer to store (an error): the requests that waited for it call the provider themselves.
    fake.enqueue({ type: 'http-error', status: 400, message: 'bad request upstream' });
    const settled = await Promise.allSettled(
      Array.from({ length: 4 }, () => client.chat.completions.create({ model: 'cached', messages: messages('fails first') }).withResponse()),
    );
    const failed = settled.filter((result) => result.status === 'rejected');
    const answered = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    assert.is(failed.length, 1);
    assert.is(((failed[0] as PromiseRejectedResult).reason as InstanceType<typeof OpenAI.APIError>).status, 400);
    assert.equal(answered.map((answer) => answer.response.headers.get('x-conduit-cache')), ['MISS', 'MISS', 'MISS']);
    assert.is(fake.requests().length, before + 5);

    // Streams and no-cache requests do not wait: each calls the provider.
    const streams = await Promise.all(
      Array.from({ length: 3 }, async () => {
        const stream = await client.chat.completions.create({ model: 'cached', messages: messages('streams do not wait'), stream: true });
        for await (const chunk of stream) void chunk;
      }),
    );
    assert.is(streams.length, 3);
    assert.is(fake.requests().length, before + 8, 'every stream called the provider');
    const fresh = await Promise.all(
      Array.from({ length: 2 }, () =>
        client.chat.completions.create({ model: 'cached', messages: messages('no-cache does not wait') }, { headers: { 'cache-control': 'no-cache' } }).withResponse(),
      ),
    );
    assert.equal(fresh.map((answer) => answer.response.headers.get('x-conduit-cache')), ['BYPASS', 'BYPASS']);
    assert.is(fake.requests().length, before + 10);
  } finally {
    fake.setDelay(0);
  }
});

test('an entry expires after its deployment’s TTL', async ({ fake, client }) => {
  const before = fake.requests().length;
  const ask = () => client.chat.completions.create({ model: 'brief', messages: messages('short-lived') }).withResponse();
  assert.is((await ask()).response.headers.get('x-conduit-cache'), 'MISS');
  assert.is((await ask()).response.headers.get('x-conduit-cache'), 'HIT');
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  assert.is((await ask()).response.headers.get('x-conduit-cache'), 'MISS');
  assert.is(fake.requests().length, before + 2);
});

test('cacheStats counts, /metrics exports the outcomes, clearResponseCache (audited) empties the cache', async ({ gateway, client }) => {
  const stats = await gateway.graphql<{ cacheStats: { hits: number; misses: number; bypasses: number; stores: number; errors: number; hitRate: number; store: string } }>(
    '{ cacheStats { hits misses bypasses stores errors hitRate store } }',
  );
  assert.ok(stats.cacheStats.hits >= 6 && stats.cacheStats.misses >= 8 && stats.cacheStats.bypasses >= 2, JSON.stringify(stats));
  assert.is(stats.cacheStats.errors, 0);
  assert.is(stats.cacheStats.store, 'memory');
  assert.ok(Math.abs(stats.cacheStats.hitRate - stats.cacheStats.hits / (stats.cacheStats.hits + stats.cacheStats.misses)) < 1e-9);
  await gateway.gateway.logWriter.flush();
  const totals = await gateway.graphql<{ usageTotals: { cacheHits: number; requests: number } }>(
    'query($from: DateTime!, $to: DateTime!) { usageTotals(from: $from, to: $to) { cacheHits requests } }',
    { from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() },
  );
  assert.is(totals.usageTotals.cacheHits, stats.cacheStats.hits, 'the usage rollups count the hits');
  const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
  assert.match(metrics, new RegExp(`conduit_response_cache_total\\{outcome="hit"\\} ${stats.cacheStats.hits}\\b`));
  assert.match(metrics, /conduit_response_cache_total\{outcome="store"\} \d+/);

  assert.is((await client.chat.completions.create({ model: 'cached', messages: messages('Capital of France?') }).withResponse()).response.headers.get('x-conduit-cache'), 'HIT');
  assert.equal(await gateway.graphql('mutation { clearResponseCache }'), { clearResponseCache: true });
  assert.is((await client.chat.completions.create({ model: 'cached', messages: messages('Capital of France?') }).withResponse()).response.headers.get('x-conduit-cache'), 'MISS');
  assert.is(await gateway.models.AuditLogRecord.count({ where: { mutation: 'clearResponseCache', entity: 'responseCache' } }), 1);
});

test.run();

if (redis) {
  const shared = suite<{ fake: OpenAIFakeUpstream; a: TestGateway; b: TestGateway }>('response cache shared through Redis');

  shared.before(async (context) => {
    context.fake = await startOpenAIFakeUpstream();
    context.a = await startTestGateway({ env: { REDIS_URL: redis.url } });
    context.b = await startTestGateway({ env: { REDIS_URL: redis.url } });
    for (const gateway of [context.a, context.b]) {
      const provider = await gateway.createOpenAIProvider('fake', context.fake);
      await gateway.createDeployment({ modelName: 'cached', providerId: provider, providerModel: 'gpt-4o-mini', cacheTtlSeconds: 300 });
    }
  });

  shared.after(async ({ a, b, fake }) => {
    await Promise.all([a.close(), b.close()]);
    await fake.close();
    await redis.stop();
  });

  shared('an answer stored by one gateway is a hit on the other; with Redis gone requests are still answered', async ({ a, b, fake }) => {
    const clientA = a.openai((await a.createKey()).key);
    const clientB = b.openai((await b.createKey()).key);
    const before = fake.requests().length;
    fake.enqueue({ type: 'message', text: 'shared answer', finish: 'stop', usage: { input: 3, output: 2 } });
    const stored = await clientA.chat.completions.create({ model: 'cached', messages: messages('share me') }).withResponse();
    assert.is(stored.response.headers.get('x-conduit-cache'), 'MISS');
    // The store is written after the answer went out.
    const hit = await eventually(
      () => clientB.chat.completions.create({ model: 'cached', messages: messages('share me') }).withResponse(),
      (reply) => reply.response.headers.get('x-conduit-cache') === 'HIT',
    );
    assert.is(hit.data.choices[0]!.message.content, 'shared answer');
    assert.is(fake.requests().length, before + 1, 'one provider call for both gateways');
    assert.is((await a.graphql<{ cacheStats: { store: string } }>('{ cacheStats { store } }')).cacheStats.store, 'redis');

    // In Redis under the cache's own prefix, with Redis expiry; clearing removes those keys only.
    const admin = new Redis(redis.url);
    try {
      const keys = await admin.keys('conduit-response-cache::*');
      assert.is(keys.length, 1, keys.join(', '));
      const ttl = await admin.pttl(keys[0]!);
      assert.ok(ttl > 290_000 && ttl <= 300_000, `expires with the deployment's TTL (${ttl} ms left)`);
      await admin.set('someone-else', 'kept');
      assert.equal(await b.graphql('mutation { clearResponseCache }'), { clearResponseCache: true });
      assert.equal(await admin.keys('conduit-response-cache::*'), []);
      assert.is(await admin.get('someone-else'), 'kept');
    } finally {
      admin.disconnect();
    }
    fake.enqueue({ type: 'message', text: 'shared answer', finish: 'stop', usage: { input: 3, output: 2 } });
    assert.is((await clientB.chat.completions.create({ model: 'cached', messages: messages('share me') }).withResponse()).response.headers.get('x-conduit-cache'), 'MISS', 'cleared for every instance');

    await redis.stop();
    const started = performance.now();
    const answered = await clientA.chat.completions.create({ model: 'cached', messages: messages('share me') }).withResponse();
    assert.is(answered.response.headers.get('x-conduit-cache'), 'BYPASS');
    assert.is(answered.data.choices[0]!.message.content, 'Hello from the fake OpenAI upstream.', 'the provider answered');
    const again = await clientB.chat.completions.create({ model: 'cached', messages: messages('share me'), stream: true });
    let text = '';
    for await (const chunk of again) text += chunk.choices[0]?.delta.content ?? '';
    assert.is(text, 'Hello from the fake OpenAI upstream.');
    assert.ok(performance.now() - started < 3_000, 'the cache did not hold the requests up');
    const stats = (await a.graphql<{ cacheStats: { errors: number } }>('{ cacheStats { errors } }')).cacheStats;
    assert.ok(stats.errors >= 1, 'the failure is counted');
  });

  shared.run();
}
