/**
 * The live subscriptions a dashboard needs, against a real gateway and a fake OpenAI upstream driven
 * by the `openai` SDK: requestLogged (before the log batch is written), spendChanged, liveStats.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startOpenAIFakeUpstream, type OpenAIFakeUpstream } from '../../../../plugins/provider-openai/test/fake-openai-upstream.ts';
import { startTestGateway, testMasterKey, type TestGateway } from '../support/test-gateway.ts';
import { sseSubscribe, wsSubscriber } from '../support/admin-subscribers.ts';

const bearer = `Bearer ${testMasterKey}`;

interface Context {
  gateway: TestGateway;
  fake: OpenAIFakeUpstream;
  keyA: { key: string; id: string };
  keyB: { key: string; id: string };
}

const test = suite<Context>('live events: requestLogged, spendChanged, liveStats');

test.before(async (context) => {
  context.fake = await startOpenAIFakeUpstream();
  // The log is written once a minute here: live events must not wait for it.
  context.gateway = await startTestGateway({ start: { logFlushIntervalMs: 60_000 } });
  const provider = await context.gateway.createOpenAIProvider('fake', context.fake);
  await context.gateway.createDeployment({ modelName: 'chat', providerId: provider, providerModel: 'gpt-4o-mini' });
  await context.gateway.graphql('mutation($input: CreateModelCostInput!) { createModelCost(input: $input) { id } }', {
    input: { model: 'chat', inputPerMillion: 1000, outputPerMillion: 2000 },
  });
  context.keyA = await context.gateway.createKey({ name: 'a' });
  context.keyB = await context.gateway.createKey({ name: 'b' });
});

test.after(async ({ gateway, fake }) => {
  await gateway.close();
  await fake.close();
});

const requestLogged = `subscription($virtualKeyId: ID, $model: String) {
  requestLogged(virtualKeyId: $virtualKeyId, model: $model) { id requestId virtualKeyId model status promptTokens completionTokens cost latencyMs createdAt }
}`;

interface Logged {
  requestLogged: { id: string; requestId: string; virtualKeyId: string; model: string; status: number; promptTokens: number; cost: number; latencyMs: number; createdAt: string };
}

test('requestLogged reaches graphql-ws and SSE subscribers within 1 s, long before the log batch is written', async ({ gateway, keyA, keyB }) => {
  const ws = wsSubscriber(gateway.url, bearer);
  const overWs = ws.subscribe<Logged>(requestLogged, { virtualKeyId: keyA.id });
  const overSse = sseSubscribe<Logged>(gateway.url, bearer, requestLogged, { virtualKeyId: keyA.id, model: 'chat' });
  await waitForSubscribers(gateway, 2);

  await gateway.openai(keyB.key).chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'not for the filter' }] });
  const ended = Date.now();
  const response = await gateway.openai(keyA.key).chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'hello' }] });
  const answered = Date.now();
  const [fromWs, fromSse] = await Promise.all([overWs.next(undefined, 1000), overSse.next(undefined, 1000)]);
  assert.ok(Date.now() - answered < 1000);
  for (const event of [fromWs, fromSse]) {
    const logged = event.data!.requestLogged;
    assert.is(logged.virtualKeyId, keyA.id, 'the filter keeps other keys out');
    assert.is(logged.model, 'chat');
    assert.is(logged.status, 200);
    assert.is(logged.promptTokens, response.usage!.prompt_tokens);
    assert.ok(logged.cost > 0);
    assert.is(logged.id, logged.requestId, 'no row id yet: the id is the request id');
    assert.ok(Date.parse(logged.createdAt) >= ended - 1000);
  }
  assert.is(await gateway.models.RequestLogRecord.count({ where: { requestId: fromWs.data!.requestLogged.requestId } }), 0, 'the row is not written yet');
  await overWs.stop();
  await overSse.stop();
  await ws.dispose();
});

test('a model filter that matches nothing delivers nothing', async ({ gateway, keyA }) => {
  const overSse = sseSubscribe<Logged>(gateway.url, bearer, requestLogged, { model: 'another-model' });
  const everything = sseSubscribe<Logged>(gateway.url, bearer, requestLogged, {});
  await waitForSubscribers(gateway, 2);
  await gateway.openai(keyA.key).chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'hello' }] });
  await everything.next(undefined, 1000);
  assert.is(overSse.results.length, 0);
  await overSse.stop();
  await everything.stop();
});

test('spendChanged delivers the key’s budget after a request with a cost settles', async ({ gateway, keyA }) => {
  const ws = wsSubscriber(gateway.url, bearer);
  const spend = ws.subscribe<{ spendChanged: { spend: number; period: string } }>('subscription($id: ID!) { spendChanged(virtualKeyId: $id) { spend period } }', {
    id: keyA.id,
  });
  await waitForSubscribers(gateway, 1);
  const before = await gateway.graphql<{ virtualKey: { spendThisPeriod: number } }>('query($id: ID!) { virtualKey(id: $id) { spendThisPeriod } }', { id: keyA.id });
  await gateway.openai(keyA.key).chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'hello' }] });
  const event = await spend.next(undefined, 2000);
  assert.ok(event.data!.spendChanged.spend > before.virtualKey.spendThisPeriod, JSON.stringify({ event, before }));
  assert.is(event.data!.spendChanged.period, 'LIFETIME');
  await ws.dispose();
});

test('liveStats merges the ticks of the interval: requests, tokens, latency, cost', async ({ gateway, keyA }) => {
  const ws = wsSubscriber(gateway.url, bearer);
  const stats = ws.subscribe<{ liveStats: { requestsPerSecond: number; tokensPerSecond: number; latencyMsP95: number | null; costPerMinute: number; instances: number; requestsInFlight: number } }>(
    'subscription { liveStats(intervalSeconds: 1) { requestsPerSecond errorsPerSecond tokensPerSecond latencyMsP50 latencyMsP95 costPerMinute requestsInFlight instances at } }',
  );
  await waitForSubscribers(gateway, 1);
  for (let index = 0; index < 3; index++) {
    await gateway.openai(keyA.key).chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'hello' }] });
  }
  const busy = await stats.next((result) => (result.data?.liveStats.requestsPerSecond ?? 0) > 0, 5000);
  const figures = busy.data!.liveStats;
  assert.is(figures.instances, 1);
  assert.ok(figures.tokensPerSecond > 0);
  assert.ok(figures.costPerMinute > 0);
  assert.ok(figures.latencyMsP95 !== null && figures.latencyMsP95 >= 0);
  assert.is(figures.requestsInFlight, 0);
  await ws.dispose();
});

test('liveStats refuses an interval out of range', async ({ gateway }) => {
  const ws = wsSubscriber(gateway.url, bearer);
  const refused = ws.subscribe('subscription { liveStats(intervalSeconds: 0) { requestsPerSecond } }');
  const error = await refused.ended.then(
    () => refused.results,
    (caught: unknown) => caught,
  );
  assert.match(JSON.stringify(error), /intervalSeconds must be between 1 and 300/);
  await ws.dispose();
});

async function waitForSubscribers(gateway: TestGateway, count: number): Promise<void> {
  const deadline = Date.now() + 5000;
  while (gateway.gateway.liveSubscriptions.open < count) {
    if (Date.now() > deadline) throw new Error(`fewer than ${count} subscriptions opened`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

test.run();
