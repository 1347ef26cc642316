/** The plugin, created through its definePlugin object, against the fake Azure OpenAI resource. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ChatCompletionRequest, ProviderClient } from '@conduit/plugin-api';
import {
  collectStream as collect,
  expectProviderError as rejection,
  startPluginHarness,
  testCallOptions as call,
} from '@conduit/plugin-api/conformance';
import { rawJsonBytesOf } from '@conduit/plugin-api/internal';
import { azureProvider as plugin } from '../src/index.ts';
import { fakeAzureApiVersion, startAzureOpenAIFakeUpstream } from './fake-azure-openai-upstream.ts';

const harness = await startPluginHarness(plugin, startAzureOpenAIFakeUpstream);
const { fake, client } = harness;

function clientFor(options: Record<string, unknown> = fake.provider.options, apiKey = fake.provider.credentials.apiKey): ProviderClient {
  return harness.clientWith({ options, credentials: { apiKey: apiKey ?? '' } });
}

const ask = (extra: Partial<ChatCompletionRequest> = {}): ChatCompletionRequest => ({
  model: 'gpt-4o-prod',
  messages: [{ role: 'user', content: 'Hello' }],
  ...extra,
});
const tools: ChatCompletionRequest['tools'] = [
  { type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
  { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: { zone: { type: 'string' } } } } },
];
const toolCalls = [
  { id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' },
  { id: 'call_b', name: 'get_time', arguments: '{"zone":"Europe/Paris"}' },
];

test.after(harness.close);

test('chat answers from the deployment URL with the api-key header', async () => {
  fake.enqueue({ type: 'message', text: 'Bonjour', finish: 'stop', usage: { input: 10, output: 2 } });
  const completion = await client.chat(ask(), call());
  assert.is(completion.choices[0]?.message.content, 'Bonjour');
  assert.is(completion.choices[0]?.finish_reason, 'stop');
  const seen = fake.lastRequest();
  assert.is(seen.path, `/openai/deployments/gpt-4o-prod/chat/completions?api-version=${fakeAzureApiVersion}`);
  assert.is(seen.headers['api-key'], fake.provider.credentials.apiKey);
  assert.is(seen.stream, false);
});

test('image generation answers from the deployment URL, relayable as the bytes Azure sent', async () => {
  fake.enqueue({ type: 'message', text: 'unused', finish: 'stop', usage: { input: 0, output: 0 } });
  const images = await client.images!({ model: 'dall-e-3-prod', prompt: 'a red fox', n: 2 }, call());
  assert.is(images.data.length, 2);
  assert.is(images.data[0]?.revised_prompt, 'a red fox');
  assert.match(images.data[0]?.url ?? '', /^https:\/\/dalleprodsec\.blob\.core\.windows\.net\//);
  assert.is(fake.lastRequest().path, `/openai/deployments/dall-e-3-prod/images/generations?api-version=${fakeAzureApiVersion}`);
  const bytes = rawJsonBytesOf(images);
  assert.ok(bytes, 'the answer keeps its bytes');
  assert.equal(JSON.parse(Buffer.concat(bytes.pieces).toString()), JSON.parse(JSON.stringify(images)));
});

test('a stream drops the prompt filter chunk: the first chunk carries the role, ids stay consistent', async () => {
  fake.enqueue({ type: 'message', text: 'The quick brown fox', finish: 'stop', usage: { input: 4, output: 4 }, pieces: 4 });
  const chunks = await collect(client.chatStream(ask(), call()));
  assert.is(chunks[0]?.choices[0]?.delta.role, 'assistant');
  assert.ok(chunks.every((chunk) => chunk.id === chunks[0]?.id && chunk.id !== ''));
  assert.ok(chunks.every((chunk) => chunk.model === 'gpt-4o-prod' && chunk.created === chunks[0]?.created));
  const choiceChunks = chunks.filter((chunk) => chunk.choices.length > 0);
  assert.is(choiceChunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join(''), 'The quick brown fox');
  assert.is(choiceChunks.at(-1)?.choices[0]?.finish_reason, 'stop');
  assert.ok(choiceChunks.slice(0, -1).every((chunk) => chunk.choices[0]?.finish_reason === null));
});

test('a stream asks for usage and ends with one usage chunk whose total is prompt + completion', async () => {
  fake.enqueue({ type: 'message', text: 'ok', finish: 'stop', usage: { input: 20, output: 5, cachedInput: 10 } });
  const chunks = await collect(client.chatStream(ask(), call()));
  assert.equal((fake.lastRequest().body as { stream_options?: unknown }).stream_options, { include_usage: true });
  const usageChunks = chunks.filter((chunk) => chunk.usage);
  assert.is(usageChunks.length, 1);
  assert.is(usageChunks[0], chunks.at(-1));
  assert.equal(usageChunks[0]?.choices, []);
  const usage = usageChunks[0]!.usage!;
  assert.is(usage.prompt_tokens, 30);
  assert.is(usage.prompt_tokens_details?.cached_tokens, 10);
  assert.is(usage.total_tokens, usage.prompt_tokens + usage.completion_tokens);
});

test('the streamUsage option off leaves stream_options alone', async () => {
  const noUsage = clientFor({ ...fake.provider.options, streamUsage: false });
  await collect(noUsage.chatStream(ask(), call()));
  assert.is((fake.lastRequest().body as { stream_options?: unknown }).stream_options, undefined);
});

test('parallel tool calls come back whole without stream', async () => {
  fake.enqueue({ type: 'message', toolCalls, finish: 'tool_calls', usage: { input: 50, output: 30 } });
  const completion = await client.chat(ask({ tools, tool_choice: 'auto', parallel_tool_calls: true }), call());
  assert.equal(
    completion.choices[0]?.message.tool_calls?.map((item) => [item.id, item.function.name, item.function.arguments]),
    toolCalls.map((item) => [item.id, item.name, item.arguments]),
  );
  assert.is(completion.choices[0]?.finish_reason, 'tool_calls');
  assert.equal(fake.lastRequest().tools?.map((tool) => tool.name), ['get_weather', 'get_time']);
  assert.is(fake.lastRequest().toolChoice, 'auto');
});

test('streamed tool calls open with id and name, then relay argument pieces incrementally', async () => {
  fake.enqueue({ type: 'message', toolCalls, finish: 'tool_calls', usage: { input: 50, output: 30 }, pieces: 3 });
  const chunks = await collect(client.chatStream(ask({ tools }), call()));
  const deltas = chunks.flatMap((chunk) => chunk.choices.flatMap((choice) => choice.delta.tool_calls ?? []));
  for (const [index, expected] of toolCalls.entries()) {
    const mine = deltas.filter((delta) => delta.index === index);
    assert.equal(mine[0], { index, id: expected.id, type: 'function', function: { name: expected.name, arguments: '' } });
    const pieces = mine.slice(1);
    assert.ok(pieces.length >= 2, 'arguments arrive in several deltas');
    assert.ok(pieces.every((delta) => delta.id === undefined && delta.function?.name === undefined));
    assert.is(pieces.map((delta) => delta.function?.arguments).join(''), expected.arguments);
  }
  assert.is(chunks.filter((chunk) => chunk.choices.length > 0).at(-1)?.choices[0]?.finish_reason, 'tool_calls');
});

test('tool results go out in the next turn', async () => {
  await client.chat(
    ask({
      tools,
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'call_a', content: '{"temp":21}' },
      ],
    }),
    call(),
  );
  const [, assistant, tool] = fake.lastRequest().messages;
  assert.equal(assistant?.toolCalls, [{ id: 'call_a', name: 'get_weather', arguments: { city: 'Paris' } }]);
  assert.equal(tool?.toolResults, [{ toolCallId: 'call_a', content: '{"temp":21}' }]);
});

test('images pass through as data URLs and http URLs', async () => {
  await client.chat(
    ask({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg', detail: 'low' } },
          ],
        },
      ],
    }),
    call(),
  );
  const message = fake.lastRequest().messages[0];
  assert.is(message?.text, 'What is this?');
  assert.equal(message?.images, [{ base64: 'iVBORw0KGgo=', mediaType: 'image/png' }, { url: 'https://example.com/cat.jpg' }]);
});

test('JSON schema output, stop sequences, max tokens, temperature and top_p pass through', async () => {
  const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false };
  fake.enqueue({ type: 'message', text: '{"answer":"42"}', finish: 'stop', usage: { input: 3, output: 4 } });
  const completion = await client.chat(
    ask({
      response_format: { type: 'json_schema', json_schema: { name: 'answer', schema, strict: true } },
      stop: ['END'],
      max_completion_tokens: 64,
      temperature: 0.2,
      top_p: 0.9,
    }),
    call(),
  );
  assert.equal(JSON.parse(completion.choices[0]?.message.content ?? ''), { answer: '42' });
  const seen = fake.lastRequest();
  assert.equal(seen.jsonSchema, schema);
  assert.equal(seen.stop, ['END']);
  assert.is(seen.maxTokens, 64);
  assert.is(seen.temperature, 0.2);
  assert.is(seen.topP, 0.9);
});

test('finish reasons length and content_filter pass through', async () => {
  fake.enqueue({ type: 'message', text: 'cut', finish: 'length', usage: { input: 3, output: 1 } });
  assert.is((await client.chat(ask({ max_tokens: 1 }), call())).choices[0]?.finish_reason, 'length');
  fake.enqueue({ type: 'message', text: 'partial', finish: 'content_filter', usage: { input: 3, output: 1 } });
  const chunks = await collect(client.chatStream(ask(), call()));
  assert.is(chunks.filter((chunk) => chunk.choices.length > 0).at(-1)?.choices[0]?.finish_reason, 'content_filter');
});

test('non-stream usage keeps total = prompt + completion', async () => {
  fake.enqueue({ type: 'message', text: 'x', finish: 'stop', usage: { input: 7, output: 11, cachedInput: 2 } });
  const usage = (await client.chat(ask(), call())).usage!;
  assert.equal([usage.prompt_tokens, usage.completion_tokens, usage.total_tokens], [9, 11, 20]);
});

test('a wrong key is authentication', async () => {
  const error = await rejection(clientFor(fake.provider.options, 'sk-bad-key-zq9').chat(ask(), call()));
  assert.is(error.code, 'authentication');
  assert.is(error.status, 401);
  assert.not.match(error.message, /sk-bad-key-zq9/);
});

test('a 429 is a retryable rate limit with retryAfterMs', async () => {
  fake.enqueue({ type: 'http-error', status: 429, message: 'Rate limit is exceeded. Try again in 7 seconds.', retryAfterSeconds: 7 });
  const error = await rejection(client.chat(ask(), call()));
  assert.is(error.code, 'rate_limit');
  assert.ok(error.retryable);
  assert.is(error.retryAfterMs, 7000);
});

test('a 500 is a retryable server error', async () => {
  fake.enqueue({ type: 'http-error', status: 500, message: 'The server had an error while processing your request.' });
  const error = await rejection(client.chat(ask(), call()));
  assert.is(error.code, 'server');
  assert.ok(error.retryable);
});

test('a content filter refusal is content_filter, before output when streaming', async () => {
  fake.enqueue({ type: 'content-filter-error' });
  assert.is((await rejection(client.chat(ask(), call()))).code, 'content_filter');
  fake.enqueue({ type: 'content-filter-error' });
  const error = await rejection(collect(client.chatStream(ask(), call())));
  assert.is(error.code, 'content_filter');
  assert.is(error.phase, 'before-output');
});

test('an error event before any output (after the prompt filter chunk) is before-output', async () => {
  fake.enqueue({ type: 'stream-error', textBefore: '', message: 'The server had an error while processing your request.' });
  const error = await rejection(collect(client.chatStream(ask(), call())));
  assert.is(error.phase, 'before-output');
  assert.is(error.code, 'server');
  assert.match(error.message, /server had an error/);
});

test('an error event after output is mid-stream', async () => {
  fake.enqueue({ type: 'stream-error', textBefore: 'Once upon', message: 'The server had an error while processing your request.' });
  const seen: string[] = [];
  const error = await rejection(
    (async () => {
      for await (const chunk of client.chatStream(ask(), call())) seen.push(chunk.choices[0]?.delta.content ?? '');
    })(),
  );
  assert.equal(seen, ['Once upon']);
  assert.is(error.phase, 'mid-stream');
});

test('aborting closes the upstream request and throws aborted', async () => {
  fake.enqueue({ type: 'hang' });
  const controller = new AbortController();
  const before = fake.requests().length;
  const pending = rejection(collect(client.chatStream(ask(), call(controller.signal))));
  while (fake.requests().length === before) await new Promise((resolve) => setImmediate(resolve));
  controller.abort();
  const error = await pending;
  assert.is(error.code, 'aborted');
  await fake.clientClosed();
});

test('embeddings, completions and the model list use Azure URLs', async () => {
  fake.enqueue({ type: 'embeddings', dimensions: 3, usage: { input: 4 } });
  const embeddings = await client.embeddings!({ model: 'text-embedding-3-small', input: ['a', 'b'] }, call());
  assert.is(embeddings.data.length, 2);
  assert.is(embeddings.usage.prompt_tokens, 4);
  assert.match(fake.lastRequest().path, /^\/openai\/deployments\/text-embedding-3-small\/embeddings\?api-version=/);

  fake.enqueue({ type: 'message', text: 'said the fox', finish: 'stop', usage: { input: 2, output: 3 } });
  const pieces = [];
  for await (const chunk of client.completionsStream!({ model: 'gpt-35-turbo-instruct', prompt: 'the fox' }, call())) pieces.push(chunk);
  assert.ok(pieces.every((chunk) => chunk.id !== ''));
  assert.is(pieces.map((chunk) => chunk.choices[0]?.text ?? '').join(''), 'said the fox');

  const models = await client.listModels!(call());
  assert.equal(models.map((model) => model.id), ['gpt-4o-2024-08-06', 'text-embedding-3-small']);
  assert.is(models[1]?.capabilities?.embeddings, true);
  assert.is(fake.lastRequest().path, '/openai/deployments/gpt-35-turbo-instruct/completions?api-version=2024-10-21');
});

test('the v1Api option sends OpenAI paths with the model in the body', async () => {
  const v1 = clientFor({ v1Api: true });
  await v1.chat(ask({ model: 'gpt-4o-mini' }), call());
  assert.is(fake.lastRequest().path, '/openai/v1/chat/completions');
  assert.is(fake.lastRequest().model, 'gpt-4o-mini');
  assert.is((await v1.listModels!(call())).length, 2);
});

test.run();
