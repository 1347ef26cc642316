/**
 * The official `openai` SDK against the fake's other endpoints: embeddings, models, legacy
 * completions, image generation and moderations.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import OpenAI from 'openai';
import { startOpenAIFakeUpstream } from './fake-openai-upstream.ts';

const fake = await startOpenAIFakeUpstream();
const client = new OpenAI({ apiKey: fake.apiKey, baseURL: fake.provider.baseUrl, maxRetries: 0 });
test.before.each(() => fake.reset());
test.after(() => fake.close());

const usage = { input: 11, output: 5 };

test('embeddings decode the same from base64 (the SDK default) and from floats', async () => {
  const base64 = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'b'] });
  assert.is((fake.lastRequest().body as { encoding_format?: string }).encoding_format, 'base64');
  const floats = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'b'], encoding_format: 'float' });
  assert.is(base64.data.length, 2);
  assert.is(base64.data[0].embedding.length, 16);
  assert.equal(base64.data.map((item) => item.embedding), floats.data.map((item) => item.embedding));
  assert.not.equal(floats.data[0].embedding, floats.data[1].embedding);
  assert.equal(fake.lastRequest().inputs, ['a', 'b']);
});

test('scripted embeddings dimensions and usage are honoured', async () => {
  fake.enqueue({ type: 'embeddings', dimensions: 4, usage: { input: 3 } });
  const result = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'hello', encoding_format: 'float' });
  assert.is(result.data[0].embedding.length, 4);
  assert.equal(result.usage, { prompt_tokens: 3, total_tokens: 3 });
});

test('models list and retrieve, and an unknown model is a 404', async () => {
  const page = await client.models.list();
  assert.ok(page.data.some((model) => model.id === 'gpt-4o-mini' && model.object === 'model'));
  const model = await client.models.retrieve('gpt-4o');
  assert.is(model.id, 'gpt-4o');
  try {
    await client.models.retrieve('gpt-nope');
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, OpenAI.NotFoundError);
    assert.is((error as InstanceType<typeof OpenAI.NotFoundError>).code, 'model_not_found');
  }
});

test('legacy completions answer whole and streamed', async () => {
  fake.enqueue({ type: 'message', text: 'once upon a time', finish: 'length', usage });
  const whole = await client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'Tell a story', max_tokens: 4 });
  assert.is(whole.object, 'text_completion');
  assert.is(whole.choices[0].text, 'once upon a time');
  assert.is(whole.choices[0].finish_reason, 'length');
  fake.enqueue({ type: 'message', text: 'once upon a time', finish: 'stop', usage });
  const stream = await client.completions.create({
    model: 'gpt-3.5-turbo-instruct',
    prompt: 'Tell a story',
    stream: true,
    stream_options: { include_usage: true },
  });
  let text = '';
  let total: number | undefined;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.text ?? '';
    if (chunk.usage) total = chunk.usage.total_tokens;
  }
  assert.is(text, 'once upon a time');
  assert.is(total, 16);
});

test('image generation answers with a PNG in b64_json', async () => {
  const result = await client.images.generate({ model: 'gpt-image-1', prompt: 'a cat' });
  const png = Buffer.from(result.data?.[0].b64_json ?? '', 'base64');
  assert.equal([...png.subarray(1, 4)], [...Buffer.from('PNG')]);
  assert.is(result.usage?.total_tokens, 17);
});

test('moderations: one result per string, flagged where a marker word is, with every category', async () => {
  const answer = await client.moderations.create({ model: 'omni-moderation-latest', input: ['I want to kill them.', 'A sunny day.'] });
  assert.match(answer.id, /^modr-/);
  assert.is(answer.model, 'omni-moderation-latest');
  assert.is(answer.results.length, 2);
  const [violent, calm] = answer.results;
  assert.equal([violent.flagged, violent.categories.violence, violent.category_scores.violence], [true, true, 0.9]);
  assert.equal([calm.flagged, calm.categories.violence], [false, false]);
  assert.ok(calm.category_scores.violence < 0.01);
  assert.is(Object.keys(calm.categories).length, 13);
  assert.equal(calm.category_applied_input_types.violence, ['text']);
  assert.equal(fake.lastRequest().inputs, ['I want to kill them.', 'A sunny day.']);
});

test('moderations: text and image parts are judged together; no model means omni-moderation-latest', async () => {
  const answer = await client.moderations.create({
    input: [
      { type: 'text', text: 'look at this' },
      { type: 'image_url', image_url: { url: 'https://example.com/picture.png' } },
    ],
  });
  assert.is(answer.model, 'omni-moderation-latest');
  assert.is(answer.results.length, 1);
  assert.equal(answer.results[0].category_applied_input_types.violence, ['text', 'image']);
  assert.equal(answer.results[0].category_applied_input_types.hate, ['text']);
  assert.is((fake.lastRequest().body as { model?: string }).model, undefined);
});

test('moderations: the text models answer null for the illicit categories and refuse images', async () => {
  const answer = await client.moderations.create({ model: 'text-moderation-latest', input: 'hello' });
  assert.is(answer.results[0].categories.illicit, null);
  try {
    await client.moderations.create({ model: 'text-moderation-latest', input: [{ type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] });
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, OpenAI.BadRequestError);
  }
});

test('moderations: a missing input is a 400 naming it; a scripted error is served', async () => {
  try {
    await client.post('/moderations', { body: { model: 'omni-moderation-latest' } });
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, OpenAI.BadRequestError);
    assert.is((error as InstanceType<typeof OpenAI.BadRequestError>).param, 'input');
  }
  fake.enqueue({ type: 'http-error', status: 503, message: 'overloaded' });
  try {
    await client.moderations.create({ input: 'x' });
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, OpenAI.InternalServerError);
    assert.is((error as InstanceType<typeof OpenAI.APIError>).status, 503);
  }
});

test.run();
