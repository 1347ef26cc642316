/**
 * The plugin against the fake Gemini upstream: embeddings, the model list and the health probe.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { call, startHarness } from './plugin-harness.ts';

const harness = await startHarness();
const { fake, client } = harness;
test.after(() => harness.close());
test.before.each(() => fake.reset());

test('embeddings: one input via embedContent, several via batchEmbedContents, in order', async () => {
  fake.enqueue({ type: 'embeddings', dimensions: 4, usage: { input: 3 } });
  const one = await client.embeddings!({ model: 'gemini-embedding-001', input: 'hello world', dimensions: 4 }, call());
  assert.is(fake.lastRequest().path, '/v1beta/models/gemini-embedding-001:embedContent');
  assert.equal(fake.lastRequest().inputs, ['hello world']);
  assert.is((one.data[0]!.embedding as number[]).length, 4);
  assert.equal(one.usage, { prompt_tokens: 3, total_tokens: 3 });

  const many = await client.embeddings!({ model: 'text-embedding-004', input: ['alpha', 'beta', 'gamma'], encoding_format: 'base64' }, call());
  assert.is(fake.lastRequest().path, '/v1beta/models/text-embedding-004:batchEmbedContents');
  assert.equal(fake.lastRequest().inputs, ['alpha', 'beta', 'gamma']);
  assert.equal(many.data.map((item) => item.index), [0, 1, 2]);
  assert.type(many.data[0]!.embedding, 'string');
  assert.equal(many.usage, { prompt_tokens: 5, total_tokens: 5 }, 'estimated from 14 characters when Gemini reports none');
});

test('embeddings of more than 100 inputs are sent as several batches', async () => {
  const input = Array.from({ length: 230 }, (_, index) => `text ${index}`);
  const response = await client.embeddings!({ model: 'text-embedding-004', input }, call());
  assert.is(response.data.length, 230);
  assert.equal(fake.requests().map((request) => request.inputs?.length), [100, 100, 30]);
});

test('listModels pages through the list and strips models/; health answers', async () => {
  const ids = Array.from({ length: 1200 }, (_, index) => `gemini-test-${index}`);
  fake.setModels([...ids, 'text-embedding-004']);
  const models = await client.listModels!(call());
  assert.is(models.length, 1201);
  assert.is(models[0]!.id, 'gemini-test-0');
  assert.is(models.at(-1)!.capabilities?.embeddings, true);
  assert.is(fake.requests().length, 2);
  await client.health!(call());
});

test.run();
