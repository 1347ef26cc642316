/**
 * Budgets and rate limits through a real gateway, driven with the openai SDK and raw HTTP: budgets
 * that hold under concurrency, exact RPM, TPM and parallel limits, key groups, allowed models, expiry,
 * disabling, x-ratelimit-* headers, and billing of failures and aborted streams. Registered per
 * database target, with in-process counters or (given a Redis URL) Redis counters.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import OpenAI from 'openai';
import { startOpenAIFakeUpstream, type OpenAIFakeUpstream } from '../../../../plugins/provider-openai/test/fake-openai-upstream.ts';
import { countTokens } from '../../src/engine/usage/count-tokens.ts';
import type { DatabaseTarget } from '../support/database-targets.ts';
import { count, eventually, getModels, postChat } from '../support/limit-helpers.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';

interface Context {
  fake: OpenAIFakeUpstream;
  harness: TestGateway;
}

/** Every token costs $1 in and out, so costs are token counts. */
const pricePerToken = 1;
/** What one `postChat` reserves: the prompt 'hi' counted, plus max_tokens 10, at $1 a token. */
const reservation = (countTokens('hi', 'gpt-4o-mini') + 10) * pricePerToken;

const budgetQuery = 'query($id: ID!) { virtualKey(id: $id) { spend spendThisPeriod reserved remaining budget { period periodResetsAt } } }';
type BudgetReply = { virtualKey: { spend: number; spendThisPeriod: number; reserved: number; remaining: number | null; budget: { period: string; periodResetsAt: string | null } } };

export function limitsSuite(target: DatabaseTarget, options: { redisUrl?: string; label?: string } = {}): void {
  const test = suite<Context>(`limits and budgets (${options.label ?? target.name})`);

  test.before(async (context) => {
    try {
      context.fake = await startOpenAIFakeUpstream();
      context.harness = await startTestGateway({
        databaseUrl: await target.freshDatabaseUrl(),
        env: options.redisUrl ? { REDIS_URL: options.redisUrl } : {},
      });
      const { harness, fake } = context;
      const provider = await harness.createOpenAIProvider('fake', fake);
      for (const [modelName, providerModel] of [
        ['chat', 'gpt-4o-mini'],
        ['gpt-4o', 'gpt-4o'],
        ['gpt-4o-mini', 'gpt-4o-mini'],
        ['claude-haiku', 'gpt-4o-mini'],
      ]) {
        await harness.createDeployment({ modelName, providerId: provider, providerModel });
      }
      await harness.graphql(`mutation { createModelCost(input: { model: "chat", inputPerMillion: ${pricePerToken * 1e6}, outputPerMillion: ${pricePerToken * 1e6} }) { id } }`);
    } catch (error) {
      console.error(error);
      throw error;
    }
  });

  test.after(async ({ harness, fake }) => {
    await harness?.close();
    await fake?.close();
  });

  test.before.each(({ fake }) => {
    fake.reset();
  });

  const budget = async (harness: TestGateway, id: string): Promise<BudgetReply['virtualKey']> =>
    (await harness.graphql<BudgetReply>(budgetQuery, { id })).virtualKey;

  test('20 concurrent requests on a budget with room for two: two are admitted, and spend stays within the budget', async ({ harness, fake }) => {
    const maxBudget = reservation * 2.5;
    const { key, id } = await harness.createKey({ maxBudget, budgetPeriod: 'MONTHLY' });
    for (let i = 0; i < 20; i++) fake.enqueue({ type: 'message', text: 'ok', finish: 'stop', usage: { input: 3, output: 4 } });
    // Long enough that all 20 reach admission before the first two settle, even on a loaded machine.
    fake.setDelay(2000);
    const replies = await Promise.all(Array.from({ length: 20 }, () => postChat(harness.url, key, {})));
    assert.is(count(replies, (reply) => reply.status === 200), 2);
    assert.is(count(replies, (reply) => reply.status === 429 && reply.code === 'budget_exceeded'), 18);
    const refusal = replies.find((reply) => reply.status === 429)!;
    assert.match(refusal.message, /monthly budget of virtual key 'test key'/);
    assert.is(refusal.headers.get('retry-after'), null, 'no Retry-After: a spent budget is not worth retrying');
    assert.is(refusal.headers.get('x-should-retry'), 'false');
    assert.ok(Date.parse(refusal.headers.get('x-conduit-budget-reset') ?? '') > Date.now(), 'when the period resets');

    const after = await eventually(() => budget(harness, id), (state) => state.reserved === 0);
    assert.is(after.reserved, 0, 'reservations were settled');
    assert.is(after.spendThisPeriod, 14, 'two requests of 7 tokens');
    assert.ok(after.spendThisPeriod <= maxBudget);

    // Settled for less than reserved: room for exactly one more.
    fake.setDelay(0);
    const more = [];
    for (let i = 0; i < 3; i++) more.push(await postChat(harness.url, key, {}));
    assert.equal(more.map((reply) => reply.status), [200, 429, 429]);
    const final = await budget(harness, id);
    assert.is(final.spendThisPeriod, 21);
    assert.ok(final.spendThisPeriod <= maxBudget);
    assert.ok(Math.abs(final.remaining! - (maxBudget - 21)) < 1e-9);
  });

  test('RPM is exact: the limit passes with counting-down headers, the next gets 429 with Retry-After', async ({ harness }) => {
    const { key } = await harness.createKey({ rpm: 3 });
    const replies = [];
    for (let i = 0; i < 5; i++) replies.push(await postChat(harness.url, key, {}));
    assert.equal(replies.map((reply) => reply.status), [200, 200, 200, 429, 429]);
    assert.equal(replies.slice(0, 3).map((reply) => reply.headers.get('x-ratelimit-remaining-requests')), ['2', '1', '0']);
    for (const reply of replies) {
      assert.is(reply.headers.get('x-ratelimit-limit-requests'), '3');
      assert.match(reply.headers.get('x-ratelimit-reset-requests') ?? '', /^\d+(\.\d+)?s$/);
    }
    const refused = replies[3]!;
    assert.is(refused.code, 'rate_limit_exceeded');
    assert.match(refused.message, /3 requests per minute/);
    const retryAfter = Number(refused.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);

    const burst = await harness.createKey({ rpm: 5 });
    const concurrent = await Promise.all(Array.from({ length: 12 }, () => postChat(harness.url, burst.key, {})));
    assert.is(count(concurrent, (reply) => reply.status === 200), 5);
    assert.is(count(concurrent, (reply) => reply.code === 'rate_limit_exceeded'), 7);
  });

  test('TPM is exact: tokens in flight count at prompt plus max_tokens, finished ones at their real usage', async ({ harness, fake }) => {
    const { key } = await harness.createKey({ tpm: 100 });
    const estimate = countTokens('hi', 'gpt-4o-mini') + 20;
    for (let i = 0; i < 3; i++) fake.enqueue({ type: 'message', text: 'ok', finish: 'stop', usage: { input: 30, output: 20 } });
    const first = await postChat(harness.url, key, { max_tokens: 20 });
    assert.is(first.status, 200);
    assert.is(first.headers.get('x-ratelimit-limit-tokens'), '100');
    assert.is(first.headers.get('x-ratelimit-remaining-tokens'), String(100 - estimate));
    const second = await postChat(harness.url, key, { max_tokens: 20 });
    assert.is(second.status, 200);
    assert.is(second.headers.get('x-ratelimit-remaining-tokens'), String(100 - 50 - estimate), 'the first counts its real 50 tokens');
    const third = await postChat(harness.url, key, { max_tokens: 20 });
    assert.is(third.status, 429, '100 tokens used: nothing more fits this minute');
    assert.is(third.code, 'rate_limit_exceeded');
    assert.match(third.message, /100 tokens per minute/);
    assert.is(third.headers.get('x-ratelimit-remaining-tokens'), '0');

    const small = await harness.createKey({ tpm: 15 });
    const tooLarge = await postChat(harness.url, small.key, { max_tokens: 50 });
    assert.is(tooLarge.status, 429);
    assert.match(tooLarge.message, /^Request too large/);
  });

  test('maxParallel is exact: only that many at once, and slots free up when requests end', async ({ harness, fake }) => {
    const { key } = await harness.createKey({ maxParallel: 2 });
    fake.setDelay(400);
    const replies = await Promise.all(Array.from({ length: 6 }, () => postChat(harness.url, key, {})));
    assert.is(count(replies, (reply) => reply.status === 200), 2);
    const refused = replies.filter((reply) => reply.status === 429);
    assert.is(refused.length, 4);
    assert.ok(refused.every((reply) => reply.code === 'rate_limit_exceeded' && /at most 2 at a time/.test(reply.message)));
    const again = await Promise.all(Array.from({ length: 2 }, () => postChat(harness.url, key, {})));
    assert.equal(again.map((reply) => reply.status), [200, 200]);
  });

  test('a request must fit its key and its group: the group budget and RPM are named when they refuse', async ({ harness }) => {
    const group = await harness.graphql<{ createKeyGroup: { id: string } }>(
      'mutation($input: CreateKeyGroupInput!) { createKeyGroup(input: $input) { id } }',
      { input: { name: 'research', maxBudget: reservation * 1.5, budgetPeriod: 'DAILY', rpm: 10 } },
    );
    const groupId = group.createKeyGroup.id;
    const a = await harness.createKey({ name: 'alice', groupId, maxBudget: 1000 });
    const b = await harness.createKey({ name: 'bob', groupId });
    assert.is((await postChat(harness.url, a.key, {})).status, 200);
    const refused = await postChat(harness.url, b.key, {});
    assert.is(refused.status, 429);
    assert.is(refused.code, 'budget_exceeded');
    assert.match(refused.message, /^The daily budget of key group 'research' is exhausted/);
    assert.match(refused.message, /It resets at \d{4}-\d{2}-\d{2}T00:00:00\.000Z\./);

    const group2 = await harness.graphql<{ createKeyGroup: { id: string } }>('mutation { createKeyGroup(input: { name: "small", rpm: 2 }) { id } }');
    const c = await harness.createKey({ name: 'carol', groupId: group2.createKeyGroup.id, rpm: 100 });
    const d = await harness.createKey({ name: 'dave', groupId: group2.createKeyGroup.id });
    assert.equal([(await postChat(harness.url, c.key, {})).status, (await postChat(harness.url, d.key, {})).status], [200, 200]);
    const third = await postChat(harness.url, c.key, {});
    assert.is(third.status, 429);
    assert.match(third.message, /key group 'small': 2 requests per minute/);
    assert.is(third.headers.get('x-ratelimit-limit-requests'), '2', 'the tighter window is reported');
  });

  test('limits changed over GraphQL apply to the next request', async ({ harness }) => {
    const { key, id } = await harness.createKey({ rpm: 1 });
    assert.is((await postChat(harness.url, key, {})).status, 200);
    assert.is((await postChat(harness.url, key, {})).status, 429);
    await harness.graphql('mutation($id: ID!) { updateVirtualKey(id: $id, input: { rpm: null }) { id } }', { id });
    assert.is((await postChat(harness.url, key, {})).status, 200);
    await harness.graphql('mutation($id: ID!) { updateVirtualKey(id: $id, input: { maxBudget: 0 }) { id } }', { id });
    const refused = await postChat(harness.url, key, {});
    assert.is(refused.code, 'budget_exceeded');
    assert.match(refused.message, /lifetime budget/);
  });

  test('allowed models take exact names and prefixes ending in *', async ({ harness }) => {
    const { key } = await harness.createKey({ allowedModels: ['gpt-4o*', 'chat'] });
    const client = harness.openai(key);
    for (const model of ['gpt-4o', 'gpt-4o-mini', 'chat']) {
      const completion = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'x' }] });
      assert.is(completion.object, 'chat.completion');
    }
    try {
      await client.chat.completions.create({ model: 'claude-haiku', messages: [{ role: 'user', content: 'x' }] });
      assert.unreachable('a model outside the list is refused');
    } catch (error) {
      assert.instance(error, OpenAI.PermissionDeniedError);
      assert.is((error as InstanceType<typeof OpenAI.APIError>).code, 'model_not_allowed');
    }
    const listed = [];
    for await (const model of client.models.list()) listed.push(model.id);
    assert.equal(listed.sort(), ['chat', 'gpt-4o', 'gpt-4o-mini']);
  });

  test('an expired key is refused; moving its expiry over GraphQL applies to the next request', async ({ harness }) => {
    const expired = await harness.createKey({ expiresAt: new Date(Date.now() - 1000).toISOString() });
    const refused = await postChat(harness.url, expired.key, {});
    assert.is(refused.status, 401);
    assert.is(refused.code, 'key_expired');

    const { key, id } = await harness.createKey({ expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
    assert.is((await postChat(harness.url, key, {})).status, 200);
    await harness.graphql('mutation($id: ID!, $at: DateTime) { updateVirtualKey(id: $id, input: { expiresAt: $at }) { id } }', {
      id,
      at: new Date(Date.now() - 1).toISOString(),
    });
    assert.is((await postChat(harness.url, key, {})).code, 'key_expired');
    await harness.graphql('mutation($id: ID!) { updateVirtualKey(id: $id, input: { expiresAt: null }) { id } }', { id });
    assert.is((await postChat(harness.url, key, {})).status, 200);
  });

  test('a key disabled over GraphQL is refused on its next request', async ({ harness }) => {
    const { key, id } = await harness.createKey({ name: 'to-disable' });
    const client = harness.openai(key);
    await client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'x' }] });
    await harness.graphql('mutation($id: ID!) { updateVirtualKey(id: $id, input: { enabled: false }) { id } }', { id });
    try {
      await client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'x' }] });
      assert.unreachable('the disabled key is refused');
    } catch (error) {
      assert.instance(error, OpenAI.AuthenticationError);
      assert.is((error as InstanceType<typeof OpenAI.APIError>).code, 'key_disabled');
    }
  });

  test('failures cost nothing and release their reservation and slot', async ({ harness, fake }) => {
    const { key, id } = await harness.createKey({ maxBudget: reservation * 1.5, maxParallel: 1 });
    fake.enqueue({ type: 'http-error', status: 400, message: 'bad upstream request' });
    const failed = await postChat(harness.url, key, {});
    assert.is(failed.status, 400);
    const state = await eventually(() => budget(harness, id), (reading) => reading.reserved === 0);
    assert.equal([state.spendThisPeriod, state.reserved, state.spend], [0, 0, 0]);
    fake.enqueue({ type: 'message', text: 'ok', finish: 'stop', usage: { input: 3, output: 4 } });
    assert.is((await postChat(harness.url, key, {})).status, 200, 'budget and slot are free again');
  });

  test('x-ratelimit-* headers are on every authenticated /v1 response, counted or not', async ({ harness }) => {
    const { key } = await harness.createKey({ rpm: 10, tpm: 10_000 });
    const models = await getModels(harness.url, key);
    assert.is(models.status, 200);
    assert.is(models.headers.get('x-ratelimit-limit-requests'), '10');
    assert.is(models.headers.get('x-ratelimit-remaining-requests'), '10', 'listing models is not counted');
    assert.is(models.headers.get('x-ratelimit-limit-tokens'), '10000');
    const unknown = await postChat(harness.url, key, { model: 'no-such-model' });
    assert.is(unknown.status, 404);
    assert.is(unknown.headers.get('x-ratelimit-limit-requests'), '10');
     const streamed = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ model: 'chat', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    assert.is(streamed.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    assert.is(streamed.headers.get('x-ratelimit-remaining-requests'), '9', 'a stream carries them too');
    await streamed.text();
  });

  test('an aborted stream is billed for the prompt and what was delivered: never zero, never max_tokens', async ({ harness, fake }) => {
    const { key, id } = await harness.createKey({ maxBudget: 1_000_000 });
    const words = ['alpha ', 'bravo ', 'charlie ', 'delta ', 'echo ', 'foxtrot ', 'golf ', 'hotel '];
    fake.enqueue({ type: 'message', text: words.join(''), finish: 'stop', usage: { input: 5, output: 8 }, pieces: words.length });
    fake.setChunkDelay(150);
    const controller = new AbortController();
    const client = harness.openai(key);
    const prompt = 'Spell the NATO alphabet slowly.';
    const { data: stream, response } = await client.chat.completions
      .create({ model: 'chat', max_tokens: 500, messages: [{ role: 'user', content: prompt }], stream: true }, { signal: controller.signal })
      .withResponse();
    const requestId = response.headers.get('x-request-id');
    let received = '';
    try {
      for await (const chunk of stream) {
        received += chunk.choices[0]?.delta.content ?? '';
        if (received.length > 0) controller.abort();
      }
    } catch {
      // aborted
    }
    await fake.clientClosed();
    const logs = await eventually(
      () =>
        harness.graphql<{ requestLogs: { edges: Array<{ node: Record<string, unknown> }> } }>(
          '{ requestLogs(first: 20) { edges { node { requestId promptTokens completionTokens usageEstimated cost } } } }',
        ),
      (page) => page.requestLogs.edges.some((edge) => edge.node.requestId === requestId),
    );
    const row = logs.requestLogs.edges.find((edge) => edge.node.requestId === requestId)!.node;
    assert.is(row.usageEstimated, true);
    assert.is(row.promptTokens, countTokens(prompt, 'gpt-4o-mini'), 'the prompt is counted with the tokenizer');
    const completion = row.completionTokens as number;
    assert.ok(completion >= countTokens(received, 'gpt-4o-mini'), `at least what the client read (${completion})`);
    assert.ok(completion < countTokens(words.join(''), 'gpt-4o-mini'), `less than the whole answer (${completion})`);
    assert.is(row.cost, (row.promptTokens as number) + completion);
    const state = await eventually(() => budget(harness, id), (reading) => reading.spendThisPeriod === row.cost);
    assert.is(state.spendThisPeriod, row.cost, 'the budget is charged what was billed');
    assert.is(state.reserved, 0);
  });

  test.run();
}
