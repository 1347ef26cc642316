/**
 * POST /v1/moderations through a real gateway to the fake OpenAI upstream, driven by the official
 * `openai` SDK: a string, a list of strings, text and image parts; the default model; the
 * MODERATIONS permission; the moderations capability; bad bodies as OpenAI-format 400s; failover
 * from a deployment answering 503; the request log row (estimated text tokens, priced only by a
 * ModelCost); the response cache.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import OpenAI from 'openai';
import { startOpenAIFakeUpstream, type OpenAIFakeUpstream } from '../../../../plugins/provider-openai/test/fake-openai-upstream.ts';
import { sqliteTarget } from '../support/database-targets.ts';
import { eventually } from '../support/limit-helpers.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import type { RequestLogRecord } from '../../src/infrastructure/database/models/request-log-model.ts';

interface Context {
  fake: OpenAIFakeUpstream;
  harness: TestGateway;
}

const test = suite<Context>('moderations (sqlite)');

test.before(async (context) => {
  try {
    context.fake = await startOpenAIFakeUpstream();
    context.harness = await startTestGateway({ databaseUrl: await sqliteTarget.freshDatabaseUrl() });
    const { harness, fake } = context;
    const provider = await harness.createOpenAIProvider('guard', fake);
    const second = await harness.createOpenAIProvider('guard-two', fake);
    await harness.createDeployment({ modelName: 'omni-moderation-latest', providerId: provider, providerModel: 'omni-moderation-latest' });
    await harness.createDeployment({ modelName: 'text-guard', providerId: provider, providerModel: 'text-moderation-latest' });
    await harness.createDeployment({ modelName: 'chat', providerId: provider, providerModel: 'gpt-4o-mini' });
    await harness.createDeployment({ modelName: 'guarded', providerId: provider, providerModel: 'omni-moderation-2024-09-26', priority: 0 });
    await harness.createDeployment({ modelName: 'guarded', providerId: second, providerModel: 'omni-moderation-2024-09-26', priority: 1 });
    await harness.createDeployment({ modelName: 'priced-guard', providerId: provider, providerModel: 'omni-moderation-latest' });
    await harness.createDeployment({ modelName: 'cached-guard', providerId: provider, providerModel: 'omni-moderation-latest', cacheTtlSeconds: 300 });
    await harness.graphql('mutation { createModelCost(input: { model: "priced-guard", inputPerMillion: 10, outputPerMillion: 0 }) { id } }');
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

async function freshKey(harness: TestGateway, input: Record<string, unknown> = {}): Promise<{ client: OpenAI; id: string; key: string }> {
  const { key, id } = await harness.createKey(input);
  return { client: harness.openai(key), id, key };
}

async function logsOf(harness: TestGateway, keyId: string, count: number): Promise<RequestLogRecord[]> {
  return eventually(
    () => harness.models.RequestLogRecord.findAll({ where: { virtualKeyId: keyId }, order: [['createdAt', 'DESC']] }),
    (rows) => rows.length >= count,
  );
}

async function refusal(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await promise;
  } catch (error) {
    assert.instance(error, OpenAI.APIError);
    return error as InstanceType<typeof OpenAI.APIError>;
  }
  assert.unreachable('the request was expected to fail');
  throw new Error('unreachable');
}

test('a single string is classified; the log row has the counted text tokens, estimated, at the built-in price of $0', async ({ harness, fake }) => {
  const { client, id } = await freshKey(harness);
  const { data: answer, response } = await client.moderations.create({ model: 'omni-moderation-latest', input: 'I want to kill them.' }).withResponse();
  assert.match(answer.id, /^modr-/);
  assert.is(answer.model, 'omni-moderation-latest');
  assert.is(answer.results.length, 1);
  assert.equal([answer.results[0]!.flagged, answer.results[0]!.categories.violence, answer.results[0]!.category_scores.violence], [true, true, 0.9]);
  assert.is(response.headers.get('x-conduit-provider'), 'guard');
  assert.equal(fake.lastRequest().inputs, ['I want to kill them.']);
  assert.match(fake.lastRequest().path, /^\/v1\/moderations$/);
  const [row] = await logsOf(harness, id, 1);
  assert.is(row?.endpoint, 'moderations');
  assert.is(row?.status, 200);
  assert.is(row?.model, 'omni-moderation-latest');
  assert.is(row?.providerModel, 'omni-moderation-latest');
  assert.ok((row?.promptTokens ?? 0) > 0, 'the input text was counted');
  assert.is(row?.completionTokens, 0);
  assert.is(row?.usageEstimated, true, 'OpenAI reports no usage for moderations: the count is the gateway’s');
  assert.is(Number(row?.costNanos), 0);
  assert.is(row?.unpriced, false, 'OpenAI moderation is free: the built-in catalogue prices it at 0');
});

test('a key with a budget may moderate with OpenAI’s moderation models without an admin price (built in at $0)', async ({ harness }) => {
  const { client } = await freshKey(harness, { name: 'budgeted', maxBudget: 1 });
  const answer = await client.moderations.create({ input: 'A sunny day.' });
  assert.is(answer.results.length, 1);
});

test('a list of strings gets one result each, in order', async ({ harness, fake }) => {
  const { client } = await freshKey(harness);
  const answer = await client.moderations.create({ model: 'omni-moderation-latest', input: ['A sunny day.', 'I hate you.', 'Tea time.'] });
  assert.equal(answer.results.map((result) => result.flagged), [false, true, false]);
  assert.is(answer.results[1]!.categories.hate, true);
  assert.equal(fake.lastRequest().inputs, ['A sunny day.', 'I hate you.', 'Tea time.']);
});

test('text and image parts (an https URL, a data URL) are judged together in one result', async ({ harness, fake }) => {
  const { client } = await freshKey(harness);
  const input = [
    { type: 'text' as const, text: 'what is in these pictures?' },
    { type: 'image_url' as const, image_url: { url: 'https://example.com/picture.png' } },
    { type: 'image_url' as const, image_url: { url: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==' } },
  ];
  const answer = await client.moderations.create({ model: 'omni-moderation-latest', input });
  assert.is(answer.results.length, 1);
  assert.equal(answer.results[0]!.category_applied_input_types.violence, ['text', 'image']);
  assert.equal((fake.lastRequest().body as { input: unknown }).input, input, 'the parts reach the provider as sent');
});

test('a request without a model is classified by omni-moderation-latest, as OpenAI does', async ({ harness, fake }) => {
  const { client, id } = await freshKey(harness);
  const answer = await client.moderations.create({ input: 'hello' });
  assert.is(answer.results.length, 1);
  assert.is(fake.lastRequest().model, 'omni-moderation-latest');
  const [row] = await logsOf(harness, id, 1);
  assert.is(row?.model, 'omni-moderation-latest');
});

test('a key without the MODERATIONS permission is refused with 403; one with it is served', async ({ harness, fake }) => {
  const chatOnly = await freshKey(harness, { permissions: ['CHAT', 'EMBEDDINGS'] });
  const refused = await refusal(chatOnly.client.moderations.create({ input: 'hello' }));
  assert.is(refused.status, 403);
  assert.is(refused.code, 'permission_denied');
  assert.match(refused.message, /MODERATIONS/);
  assert.is(fake.requests().length, 0);
  const moderator = await freshKey(harness, { permissions: ['MODERATIONS'] });
  const answer = await moderator.client.moderations.create({ input: 'hello' });
  assert.is(answer.results.length, 1);
  const data = await harness.graphql<{ virtualKey: { permissions: string[] } }>(`{ virtualKey(id: "${moderator.id}") { permissions } }`);
  assert.equal(data.virtualKey.permissions, ['MODERATIONS']);
});

test('a model without the moderations capability is a 400 before any provider is called; an unknown model a 404', async ({ harness, fake }) => {
  const { client } = await freshKey(harness);
  const refused = await refusal(client.moderations.create({ model: 'chat', input: 'hello' }));
  assert.is(refused.status, 400);
  assert.is(refused.code, 'unsupported_capability');
  assert.match(refused.message, /moderations/);
  const unknown = await refusal(client.moderations.create({ model: 'no-such-model', input: 'hello' }));
  assert.is(unknown.status, 404);
  assert.is(fake.requests().length, 0);
});

test('bad bodies are 400s in OpenAI format naming the field; nothing reaches the provider', async ({ harness, fake }) => {
  const { client, key } = await freshKey(harness);
  const cases: Array<[Record<string, unknown>, string, string]> = [
    [{ model: 'omni-moderation-latest' }, 'input', 'missing_required_parameter'],
    [{ input: 42 }, 'input', 'invalid_type'],
    [{ input: null }, 'input', 'invalid_type'],
    [{ input: [] }, 'input', 'empty_array'],
    [{ input: ['fine', 7] }, 'input[1]', 'invalid_type'],
    [{ input: Array.from({ length: 2_049 }, () => 'x') }, 'input', 'array_above_max_length'],
    [{ input: [{ type: 'text' }] }, 'input[0].text', 'missing_required_parameter'],
    [{ input: [{ type: 'audio', audio: 'x' }] }, 'input[0].type', 'invalid_value'],
    [{ input: [{ type: 'image_url', image_url: {} }] }, 'input[0].image_url.url', 'missing_required_parameter'],
    [{ input: [{ type: 'image_url', image_url: { url: 'ftp://example.com/a.png' } }] }, 'input[0].image_url.url', 'invalid_value'],
    [{ input: [{ type: 'image_url', image_url: { url: 'data:text/plain;base64,aGVsbG8=' } }] }, 'input[0].image_url.url', 'invalid_value'],
    [{ input: [{ type: 'text', text: 'a' }, 'b'] }, 'input[1]', 'invalid_type'],
    [{ input: 'hello', model: 42 }, 'model', 'invalid_type'],
    [{ input: 'hello', model: null }, 'model', 'invalid_type'],
    [{ input: 'hello', model: '' }, 'model', 'string_below_min_length'],
  ];
  for (const [body, param, code] of cases) {
    const error = await refusal(client.post('/moderations', { body }));
    assert.is(error.status, 400, JSON.stringify(body).slice(0, 80));
    assert.is(error.type, 'invalid_request_error');
    assert.is(error.param, param, `${JSON.stringify(body).slice(0, 80)}: ${error.message}`);
    assert.is(error.code, code, `${param}: ${error.message}`);
  }
  for (const body of ['{"input": ', '[1, 2]']) {
    const response = await fetch(`${harness.url}/v1/moderations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body,
    });
    assert.is(response.status, 400, body);
    const error = ((await response.json()) as { error: { type: string; message: string } }).error;
    assert.is(error.type, 'invalid_request_error');
  }
  assert.is(fake.requests().length, 0);
});

test('a deployment answering 503 is followed by the next one; the log row counts both attempts', async ({ harness, fake }) => {
  const { client, id } = await freshKey(harness);
  fake.enqueue({ type: 'http-error', status: 503, message: 'The server is overloaded' });
  const { data: answer, response } = await client.moderations.create({ model: 'guarded', input: 'hello' }).withResponse();
  assert.is(answer.results.length, 1);
  assert.is(fake.requests().length, 2);
  const providers = new Set(['guard', 'guard-two']);
  assert.ok(providers.has(response.headers.get('x-conduit-provider') ?? ''));
  const [row] = await logsOf(harness, id, 1);
  assert.is(row?.status, 200);
  assert.is(row?.attempts, 2);
  assert.is(row?.providerModel, 'omni-moderation-2024-09-26');
});

test('when every deployment fails the client gets the upstream failure in OpenAI format, logged', async ({ harness, fake }) => {
  const { client, id } = await freshKey(harness);
  fake.enqueue({ type: 'http-error', status: 503, message: 'The server is overloaded' });
  const error = await refusal(client.moderations.create({ model: 'text-guard', input: 'hello' }));
  assert.ok(error.status === 503 || error.status === 502, String(error.status));
  const [row] = await logsOf(harness, id, 1);
  assert.is(row?.endpoint, 'moderations');
  assert.is(row?.status, error.status);
});

test('a ModelCost for the model prices the counted text tokens', async ({ harness }) => {
  const { client, id } = await freshKey(harness);
  await client.moderations.create({ model: 'priced-guard', input: 'one two three four five six seven eight' });
  const [row] = await logsOf(harness, id, 1);
  const tokens = row?.promptTokens ?? 0;
  assert.ok(tokens > 0);
  // $10 a million tokens: 10,000 nano-dollars a token.
  assert.is(Number(row?.costNanos), tokens * 10_000);
  assert.is(row?.unpriced, false);
});

test('with a cache TTL an identical request is answered from the cache', async ({ harness, fake }) => {
  const { client } = await freshKey(harness);
  const first = await client.moderations.create({ model: 'cached-guard', input: ['cache me'] }).withResponse();
  const second = await client.moderations.create({ model: 'cached-guard', input: ['cache me'] }).withResponse();
  assert.is(first.response.headers.get('x-conduit-cache'), 'MISS');
  assert.is(second.response.headers.get('x-conduit-cache'), 'HIT');
  assert.equal(second.data, first.data);
  const other = await client.moderations.create({ model: 'cached-guard', input: ['something else'] }).withResponse();
  assert.is(other.response.headers.get('x-conduit-cache'), 'MISS');
  assert.is(fake.requests().length, 2);
});

test('text-moderation models are served too; their provider’s refusal of an image part reaches the client as a 400', async ({ harness, fake }) => {
  const { client } = await freshKey(harness);
  const answer = await client.moderations.create({ model: 'text-guard', input: 'hello' });
  assert.is(answer.results[0]!.categories.illicit, null);
  assert.is(fake.lastRequest().model, 'text-moderation-latest');
  fake.reset();
  // The provider refuses the image for this model: the client's 400, not a failure to fail over from.
  const refused = await refusal(client.moderations.create({ model: 'text-guard', input: [{ type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] }));
  assert.is(refused.status, 400);
  assert.is(refused.type, 'invalid_request_error');
  assert.is(fake.requests().length, 1);
});

test.run();
