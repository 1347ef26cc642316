/**
 * The limits suite with Redis counters, and what only Redis can do: lose its data. Spend is durable in
 * the database, so counters rebuilt after FLUSHALL (or a Redis restart) hold exactly what was spent,
 * including spend that reached the database only after the rebuild read it.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Redis } from 'ioredis';
import { startOpenAIFakeUpstream, type OpenAIFakeUpstream } from '../../../../plugins/provider-openai/test/fake-openai-upstream.ts';
import { startRedis, type RedisServer } from '../../../../test/support/services.ts';
import { countTokens } from '../../src/engine/usage/count-tokens.ts';
import { sqliteTarget } from '../support/database-targets.ts';
import { postChat } from '../support/limit-helpers.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { limitsSuite } from './limits-suite.ts';
import { moneySuite } from './money-suite.ts';

const redis: RedisServer | null = await startRedis();

if (redis) {
  limitsSuite(sqliteTarget, { redisUrl: redis.url, label: 'sqlite, redis counters' });
  moneySuite(sqliteTarget, { redisUrl: redis.url, label: 'sqlite, redis counters' });

  const test = suite<{ fake: OpenAIFakeUpstream; harness: TestGateway; admin: Redis }>('budgets when Redis loses its data');
  const reservation = countTokens('hi', 'gpt-4o-mini') + 10;

  test.before(async (context) => {
    try {
      context.fake = await startOpenAIFakeUpstream();
      context.harness = await startTestGateway({ env: { REDIS_URL: redis.url } });
      context.admin = new Redis(redis.url);
      const provider = await context.harness.createOpenAIProvider('fake', context.fake);
      await context.harness.createDeployment({ modelName: 'chat', providerId: provider, providerModel: 'gpt-4o-mini' });
      await context.harness.graphql('mutation { createModelCost(input: { model: "chat", inputPerMillion: 1000000, outputPerMillion: 1000000 }) { id } }');
    } catch (error) {
      console.error(error);
      throw error;
    }
  });

  test.after(async ({ harness, fake, admin }) => {
    await harness?.close();
    await fake?.close();
    admin?.disconnect();
    await redis.stop();
  });

  const spendOf = async (harness: TestGateway, id: string): Promise<number> =>
    (await harness.graphql<{ virtualKey: { spendThisPeriod: number } }>('query($id: ID!) { virtualKey(id: $id) { spendThisPeriod } }', { id })).virtualKey
      .spendThisPeriod;

  test('emptied before the spend reached the database, the counter is rebuilt exact once it does', async ({ harness, fake, admin }) => {
    const { key, id } = await harness.createKey({ maxBudget: reservation * 2.5, budgetPeriod: 'WEEKLY' });
    for (let i = 0; i < 4; i++) fake.enqueue({ type: 'message', text: 'ok', finish: 'stop', usage: { input: 3, output: 4 } });
    assert.is((await postChat(harness.url, key, {})).status, 200);
    assert.is((await postChat(harness.url, key, {})).status, 200);
    // 14 spent, not written yet (the writer flushes every half second): Redis forgets everything.
    await admin.flushall();
    assert.is((await postChat(harness.url, key, {})).status, 200, '14 spent + 11 reserved fits 27.5');
    await harness.gateway.logWriter.flush();
    assert.is(await spendOf(harness, id), 21, 'rebuilt from the database, plus what was written after');
    const refused = await postChat(harness.url, key, {});
    assert.is(refused.code, 'budget_exceeded', '21 + 11 does not fit');
  });

  test('emptied after the spend was written, the counter is rebuilt from the database alone', async ({ harness, fake, admin }) => {
    const { key, id } = await harness.createKey({ maxBudget: reservation * 2.5, budgetPeriod: 'DAILY' });
    for (let i = 0; i < 3; i++) fake.enqueue({ type: 'message', text: 'ok', finish: 'stop', usage: { input: 3, output: 4 } });
    assert.is((await postChat(harness.url, key, {})).status, 200);
    assert.is((await postChat(harness.url, key, {})).status, 200);
    assert.is((await postChat(harness.url, key, {})).status, 200);
    await harness.gateway.logWriter.flush();
    await admin.flushall();
    assert.is((await postChat(harness.url, key, {})).code, 'budget_exceeded', '21 + 11 does not fit, as before');
    assert.is(await spendOf(harness, id), 21);
  });

  test('notifications are published on the event bus, where every instance (and GraphQL subscriptions) hear them', async ({ harness }) => {
    const subscriber = new Redis(redis.url);
    try {
      const heard = new Promise<Record<string, unknown>>((resolve) => {
        subscriber.on('message', (_channel: string, message: string) => resolve(JSON.parse(message) as Record<string, unknown>));
      });
      await subscriber.subscribe('conduit:notificationCreated');
      const { id } = await harness.createKey({ name: 'announced' });
      await harness.graphql('mutation($id: ID!) { updateVirtualKey(id: $id, input: { enabled: false }) { id } }', { id });
      const event = await heard;
      assert.equal([event.kind, event.virtualKeyId, event.message], ['KEY_DISABLED', id, "Virtual key 'announced' was disabled."]);
    } finally {
      subscriber.disconnect();
    }
  });

  test('rate windows start over when Redis loses them, and the gateway keeps serving', async ({ harness, admin }) => {
    const { key } = await harness.createKey({ rpm: 1 });
    assert.is((await postChat(harness.url, key, {})).status, 200);
    assert.is((await postChat(harness.url, key, {})).status, 429);
    await admin.flushall();
    assert.is((await postChat(harness.url, key, {})).status, 200);
  });

  test.run();
} else {
  suite('redis counters').run();
}
