/** The official `openai` SDK's AzureOpenAI client against the fake: proves the fake speaks Azure's format. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import OpenAI, { AzureOpenAI, APIError } from 'openai';
import { fakeAzureApiVersion, startAzureOpenAIFakeUpstream } from './fake-azure-openai-upstream.ts';

const fake = await startAzureOpenAIFakeUpstream();
const client = (deployment?: string, apiKey = fake.provider.credentials.apiKey): AzureOpenAI =>
  new AzureOpenAI({ apiKey, endpoint: fake.provider.baseUrl, apiVersion: fakeAzureApiVersion, deployment, maxRetries: 0 });

test.after(() => fake.close());

test('a chat completion arrives on the deployment URL with api-version and the api-key header', async () => {
  fake.enqueue({ type: 'message', text: 'Hi there', finish: 'stop', usage: { input: 12, output: 3, cachedInput: 4 } });
  const completion = await client('gpt-4o-prod').chat.completions.create({
    model: 'ignored-by-azure',
    messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello' }],
    max_tokens: 50,
  });
  assert.is(completion.choices[0]?.message.content, 'Hi there');
  assert.is(completion.choices[0]?.finish_reason, 'stop');
  assert.is(completion.usage?.prompt_tokens, 16);
  assert.is(completion.usage?.prompt_tokens_details?.cached_tokens, 4);
  const seen = fake.lastRequest();
  assert.is(seen.path, `/openai/deployments/gpt-4o-prod/chat/completions?api-version=${fakeAzureApiVersion}`);
  assert.is(seen.model, 'gpt-4o-prod');
  assert.is(seen.headers['api-key'], fake.provider.credentials.apiKey);
  assert.is(seen.system, 'Be brief.');
  assert.is(seen.maxTokens, 50);
});

test('a stream starts with the prompt filter chunk, then role, content pieces, finish and usage', async () => {
  fake.enqueue({ type: 'message', text: 'one two three', finish: 'stop', usage: { input: 5, output: 3 } });
  const stream = await client('gpt-4o-prod').chat.completions.create({
    model: 'gpt-4o-prod',
    messages: [{ role: 'user', content: 'Count' }],
    stream: true,
    stream_options: { include_usage: true },
  });
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  assert.equal(chunks[0]?.choices, []);
  assert.ok((chunks[0] as unknown as { prompt_filter_results?: unknown[] }).prompt_filter_results?.length);
  assert.is(chunks[1]?.choices[0]?.delta.role, 'assistant');
  const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
  assert.is(text, 'one two three');
  assert.is(chunks.at(-2)?.choices[0]?.finish_reason, 'stop');
  assert.is(chunks.at(-1)?.usage?.total_tokens, 8);
  assert.ok(fake.lastRequest().stream);
});

test('tool calls come back whole without stream and as incremental deltas in a stream', async () => {
  const toolCalls = [
    { id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
    { id: 'call_2', name: 'get_time', arguments: '{"zone":"CET"}' },
  ];
  const tools = [
    { type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
    { type: 'function' as const, function: { name: 'get_time', parameters: { type: 'object', properties: { zone: { type: 'string' } } } } },
  ];
  fake.enqueue({ type: 'message', toolCalls, finish: 'tool_calls', usage: { input: 30, output: 20 } });
  const completion = await client('gpt-4o').chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Weather?' }], tools });
  const calls = completion.choices[0]?.message.tool_calls ?? [];
  assert.equal(
    calls.map((call) => (call.type === 'function' ? [call.id, call.function.name, call.function.arguments] : [])),
    toolCalls.map((call) => [call.id, call.name, call.arguments]),
  );
  assert.equal(fake.lastRequest().tools?.map((tool) => tool.name), ['get_weather', 'get_time']);

  fake.enqueue({ type: 'message', toolCalls, finish: 'tool_calls', usage: { input: 30, output: 20 } });
  const stream = client('gpt-4o').chat.completions.stream({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Weather?' }], tools, stream: true });
  const final = await stream.finalChatCompletion();
  assert.equal(
    final.choices[0]?.message.tool_calls?.map((call) => (call.type === 'function' ? call.function.arguments : '')),
    ['{"city":"Paris"}', '{"zone":"CET"}'],
  );
  assert.is(final.choices[0]?.finish_reason, 'tool_calls');
});

test('a wrong key gets Azure’s 401 body', async () => {
  try {
    await client('gpt-4o', 'wrong-key').chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] });
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, APIError);
    const apiError = error as InstanceType<typeof APIError>;
    assert.is(apiError.status, 401);
    assert.is(apiError.code, '401');
    assert.match(apiError.message, /Access denied due to invalid subscription key/);
  }
});

test('a 429 carries retry-after and retry-after-ms', async () => {
  fake.enqueue({ type: 'http-error', status: 429, message: 'Rate limit is exceeded. Try again in 7 seconds.', retryAfterSeconds: 7 });
  try {
    await client('gpt-4o').chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] });
    assert.unreachable('should have thrown');
  } catch (error) {
    const apiError = error as InstanceType<typeof APIError>;
    assert.is(apiError.status, 429);
    assert.is(apiError.headers?.get('retry-after'), '7');
    assert.is(apiError.headers?.get('retry-after-ms'), '7000');
  }
});

test('a prompt refused by the content filter is a 400 with code content_filter and innererror', async () => {
  fake.enqueue({ type: 'content-filter-error' });
  try {
    await client('gpt-4o').chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] });
    assert.unreachable('should have thrown');
  } catch (error) {
    const apiError = error as InstanceType<typeof APIError>;
    assert.is(apiError.status, 400);
    assert.is(apiError.code, 'content_filter');
    assert.is(apiError.param, 'prompt');
    assert.is((apiError.error as { innererror?: { code?: string } }).innererror?.code, 'ResponsibleAIPolicyViolation');
  }
});

test('embeddings and the model list use the deployment and resource URLs', async () => {
  fake.enqueue({ type: 'embeddings', dimensions: 4, usage: { input: 6 } });
  const embeddings = await client('text-embedding-3-small').embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'b'] });
  assert.is(embeddings.data.length, 2);
  assert.is(embeddings.data[0]?.embedding.length, 4);
  assert.is(fake.lastRequest().path, `/openai/deployments/text-embedding-3-small/embeddings?api-version=${fakeAzureApiVersion}`);
  assert.equal(fake.lastRequest().inputs, ['a', 'b']);
  const models = [];
  for await (const model of client().models.list()) models.push(model.id);
  assert.ok(models.includes('gpt-4o-2024-08-06'));
});

test('the v1 API, used through the plain OpenAI client as Azure documents, takes the model from the body', async () => {
  const v1 = new OpenAI({ apiKey: fake.provider.credentials.apiKey, baseURL: `${fake.provider.baseUrl}/openai/v1/`, maxRetries: 0 });
  await v1.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] });
  assert.is(fake.lastRequest().model, 'gpt-4o-mini');
  assert.match(fake.lastRequest().path, /^\/openai\/v1\/chat\/completions/);
});

test.run();
