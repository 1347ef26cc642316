/**
 * Money through a real gateway: budget refusals the official SDK does not retry, exact sums of many
 * small costs over GraphQL, the unpriced-model policy, reservations explained, image parts reserved,
 * and the price import's refusals. Registered per database target (SQLite, MariaDB) and counter store.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import OpenAI from 'openai';
import { startOpenAIFakeUpstream, type OpenAIFakeUpstream } from '../../../../plugins/provider-openai/test/fake-openai-upstream.ts';
import type { DatabaseTarget } from '../support/database-targets.ts';
import { eventually, postChat } from '../support/limit-helpers.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';

interface Context {
  fake: OpenAIFakeUpstream;
  harness: TestGateway;
}

type Spend = { virtualKey: { spend: number; spendThisPeriod: number; reserved: number; remaining: number | null; budget: { spend: number } } };
const spendQuery = 'query($id: ID!) { virtualKey(id: $id) { spend spendThisPeriod reserved remaining budget { spend } } }';

export function moneySuite(target: DatabaseTarget, options: { redisUrl?: string; label?: string } = {}): void {
  const test = suite<Context>(`money (${options.label ?? target.name})`);

  test.before(async (context) => {
    try {
      context.fake = await startOpenAIFakeUpstream();
      context.harness = await startTestGateway({ databaseUrl: await target.freshDatabaseUrl(), env: options.redisUrl ? { REDIS_URL: options.redisUrl } : {} });
      const { harness, fake } = context;
      const provider = await harness.createOpenAIProvider('fake', fake);
      // 'cheap' is priced by an admin; 'mini' by the built-in catalogue (gpt-4o-mini); 'mystery' by nobody.
      await harness.createDeployment({ modelName: 'cheap', providerId: provider, providerModel: 'cheap-upstream' });
      await harness.createDeployment({ modelName: 'mini', providerId: provider, providerModel: 'gpt-4o-mini' });
      await harness.createDeployment({ modelName: 'mystery', providerId: provider, providerModel: 'mystery-upstream' });
      await harness.graphql('mutation { createModelCost(input: { model: "cheap", inputPerMillion: 0.15, outputPerMillion: 0.6, maxOutputTokens: 16384 }) { id } }');
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

  test('a spent budget reaches the official SDK at once, at its default retries: insufficient_quota, never retried', async ({ harness, fake }) => {
    const { key, id } = await harness.createKey({ maxBudget: 0.00005, budgetPeriod: 'DAILY' });
    fake.enqueue({ type: 'message', text: 'ok', finish: 'stop', usage: { input: 100, output: 100 } });
    const client = harness.openai(key);
    await client.chat.completions.create({ model: 'cheap', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
    fake.enqueue({ type: 'message', text: 'never sent', finish: 'stop', usage: { input: 1, output: 1 } });
    const started = performance.now();
    try {
      await new OpenAI({ apiKey: key, baseURL: `${harness.url}/v1` }).chat.completions.create({ model: 'cheap', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
      assert.unreachable('the budget is spent');
    } catch (error) {
      const elapsed = performance.now() - started;
      assert.instance(error, OpenAI.APIError);
      const apiError = error as InstanceType<typeof OpenAI.APIError>;
      assert.is(apiError.status, 429);
      assert.is(apiError.type, 'insufficient_quota');
      assert.is(apiError.code, 'budget_exceeded');
      assert.match(apiError.message, /It resets at \d{4}-\d\d-\d\dT00:00:00\.000Z/);
      assert.is(apiError.headers?.get('retry-after') ?? null, null);
      assert.is(apiError.headers?.get('x-should-retry'), 'false');
      assert.ok(elapsed < 2000, `answered in ${Math.round(elapsed)} ms, without the SDK's retries`);
    }
    assert.is(fake.pending(), 1, 'nothing reached the provider');
    // The SDK asked once: its retries would be logged as further refusals.
    const logs = await harness.graphql<{ requestLogs: { edges: Array<{ node: { status: number } }> } }>(
      'query($key: ID) { requestLogs(first: 10, virtualKeyId: $key) { edges { node { status } } } }',
      { key: id },
    );
    assert.equal(logs.requestLogs.edges.map((edge) => edge.node.status), [429, 200]);
  });

  test('sums of many small costs are exact over GraphQL: keys, periods and request logs', async ({ harness, fake }) => {
    const { key, id } = await harness.createKey({ maxBudget: 1, budgetPeriod: 'MONTHLY' });
    const requests = 40;
    // 4 in at $0.15/M and 145 out at $0.6/M: $0.0000876 each; in floating point 0.00008759999999999999.
    for (let i = 0; i < requests; i++) fake.enqueue({ type: 'message', text: 'ok', finish: 'stop', usage: { input: 4, output: 145 } });
    const replies = await Promise.all(Array.from({ length: requests }, () => postChat(harness.url, key, { model: 'cheap', max_tokens: 200 })));
    assert.equal(new Set(replies.map((reply) => reply.status)), new Set([200]));
    const state = await eventually(
      async () => (await harness.graphql<Spend>(spendQuery, { id })).virtualKey,
      (reading) => reading.reserved === 0,
    );
    assert.is(state.spendThisPeriod, 0.003504, 'exactly 40 × 0.0000876');
    assert.is(state.spend, 0.003504);
    assert.is(state.budget.spend, 0.003504);
    assert.is(state.remaining, 0.996496);
    const logs = await harness.graphql<{ requestLogs: { edges: Array<{ node: { cost: number } }> } }>(
      'query($key: ID) { requestLogs(first: 100, virtualKeyId: $key) { edges { node { cost } } } }',
      { key: id },
    );
    assert.is(logs.requestLogs.edges.length, requests);
    for (const edge of logs.requestLogs.edges) assert.is(edge.node.cost, 0.0000876);
    // Prometheus too: the first test's $0.000075 and these 40.
    const metrics = await (await fetch(`${harness.url}/metrics`)).text();
    assert.match(metrics, /^conduit_cost_usd_total\{model="cheap"\} 0\.003579$/m);
  });

  test('a model without a price: refused to budgeted keys by default, naming the model and the fix; the policy is a setting', async ({ harness }) => {
    const budgeted = await harness.createKey({ maxBudget: 10 });
    const unlimited = await harness.createKey({});
    const refused = await postChat(harness.url, budgeted.key, { model: 'mystery' });
    assert.is(refused.status, 400);
    assert.is(refused.code, 'model_not_priced');
    assert.match(refused.message, /The model 'mystery' \(served as 'mystery-upstream' by provider 'fake'\) has no price/);
    assert.match(refused.message, /createModelCost/);
    assert.match(refused.message, /unpricedModels: ALLOW/);
    assert.is((await postChat(harness.url, unlimited.key, { model: 'mystery' })).status, 200, 'a key without a budget is served');
    assert.is((await postChat(harness.url, budgeted.key, { model: 'mini' })).status, 200, 'the built-in catalogue prices gpt-4o-mini');

    const settings = 'mutation($policy: UnpricedModelPolicy!) { updateLimitSettings(input: { unpricedModels: $policy }) { unpricedModels } }';
    try {
      await harness.graphql(settings, { policy: 'REFUSE' });
      assert.is((await postChat(harness.url, unlimited.key, { model: 'mystery' })).code, 'model_not_priced');
      await harness.graphql(settings, { policy: 'ALLOW' });
      assert.is((await postChat(harness.url, budgeted.key, { model: 'mystery' })).status, 200);
      const { limitSettings } = await harness.graphql<{ limitSettings: { unpricedModels: string } }>('{ limitSettings { unpricedModels } }');
      assert.is(limitSettings.unpricedModels, 'ALLOW');
    } finally {
      await harness.graphql(settings, { policy: 'REFUSE_FOR_BUDGETED_KEYS' });
    }
    const wrong = await harness.graphqlRaw('mutation { updateLimitSettings(input: { unpricedModels: SOMETIMES }) { unpricedModels } }');
    assert.ok(wrong.body.errors?.length, 'an unknown policy is refused');
  });

  test('a small budget without max_tokens says the reservation is the model’s output limit and that max_tokens lowers it', async ({ harness }) => {
    const { key } = await harness.createKey({ maxBudget: 0.00002 });
    const refused = await postChat(harness.url, key, { model: 'cheap', max_tokens: undefined });
    assert.is(refused.status, 429);
    assert.is(refused.code, 'budget_exceeded');
    assert.match(refused.message, /This request may cost up to \$0\.0098\d*, more than the \$0\.00002 left/);
    assert.match(refused.message, /16384 output tokens, the model's output limit, because the request sets no max_tokens/);
    assert.match(refused.message, /Set max_tokens/);
    assert.is((await postChat(harness.url, key, { model: 'cheap', max_tokens: 10 })).status, 200, 'with max_tokens it fits');
  });

  test('image parts are reserved as an allowance, so a budget that fits the text does not take the images for free', async ({ harness }) => {
    // 'cheap': 1600 prompt tokens per image at $0.15/M is $0.00024 an image.
    const { key } = await harness.createKey({ maxBudget: 0.0005 });
    const image = { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } };
    const withImages = await postChat(harness.url, key, {
      model: 'cheap',
      max_tokens: 10,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'what is this?' }, image, image, image] }],
    });
    assert.is(withImages.status, 429);
    assert.match(withImages.message, /4800 of them an allowance for its image and audio parts/);
    const oneImage = await postChat(harness.url, key, { model: 'cheap', max_tokens: 10, messages: [{ role: 'user', content: [{ type: 'text', text: 'and this?' }, image] }] });
    assert.is(oneImage.status, 200);
  });

  test('prices: input and output are required, a CSV without an output column is refused naming it, uncharged prices are refused', async ({ harness }) => {
    const create = await harness.graphqlRaw('mutation { createModelCost(input: { model: "half-priced", inputPerMillion: 1 }) { id } }');
    assert.match(create.body.errors?.[0]?.message ?? '', /outputPerMillion.*is required/);
    const csv = await harness.graphqlRaw('mutation($data: String!) { importModelCosts(input: { format: CSV, data: $data }) { created } }', {
      data: 'model,inputPerMillion\nno-output,1\n',
    });
    assert.match(csv.body.errors?.[0]?.message ?? '', /no 'outputPerMillion' column/);
    const emptyCell = await harness.graphqlRaw('mutation($data: String!) { importModelCosts(input: { format: CSV, data: $data }) { created } }', {
      data: 'model,inputPerMillion,outputPerMillion\nempty-output,1,\n',
    });
    assert.match(emptyCell.body.errors?.[0]?.message ?? '', /row1\.outputPerMillion.*is required/);
    const batch = await harness.graphqlRaw('mutation { createModelCost(input: { model: "batched", inputPerMillion: 1, outputPerMillion: 1, batchMultiplier: 0.5 }) { id } }');
    assert.match(batch.body.errors?.[0]?.message ?? '', /batchMultiplier.*not charged/);
    const { modelCosts } = await harness.graphql<{ modelCosts: Array<{ model: string }> }>('{ modelCosts { model } }');
    assert.equal(modelCosts.map((cost) => cost.model), ['cheap'], 'nothing was stored');
  });

  test("LiteLLM's price file imports: per-token prices per million, other modes skipped", async ({ harness }) => {
    const data = JSON.stringify({
      sample_spec: { input_cost_per_token: 0, mode: 'one of …' },
      'litellm-chat': { input_cost_per_token: 3e-6, output_cost_per_token: 1.5e-5, cache_read_input_token_cost: 3e-7, litellm_provider: 'openai', max_output_tokens: 8192, mode: 'chat' },
      'mistral/litellm-mistral': { input_cost_per_token: 2e-6, output_cost_per_token: 6e-6, litellm_provider: 'mistral', mode: 'chat' },
      'litellm-image': { output_cost_per_image: 0.04, litellm_provider: 'openai', mode: 'image_generation' },
      'litellm-no-output': { input_cost_per_token: 1e-6, litellm_provider: 'openai', mode: 'chat' },
    });
    const { importModelCosts } = await harness.graphql<{ importModelCosts: { created: number; skipped: number } }>(
      'mutation($data: String!) { importModelCosts(input: { format: LITELLM, data: $data }) { created skipped } }',
      { data },
    );
    assert.equal(importModelCosts, { created: 2, skipped: 2 });
    const { modelCosts } = await harness.graphql<{ modelCosts: Array<Record<string, unknown>> }>(
      '{ modelCosts { model inputPerMillion outputPerMillion cachedInputPerMillion maxOutputTokens } }',
    );
    assert.equal(
      modelCosts.filter((cost) => String(cost.model).startsWith('litellm')),
      [
        { model: 'litellm-chat', inputPerMillion: 3, outputPerMillion: 15, cachedInputPerMillion: 0.3, maxOutputTokens: 8192 },
        { model: 'litellm-mistral', inputPerMillion: 2, outputPerMillion: 6, cachedInputPerMillion: null, maxOutputTokens: null },
      ],
    );
  });

  test.run();
}
