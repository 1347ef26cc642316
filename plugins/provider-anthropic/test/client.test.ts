/**
 * The plugin, created through its definePlugin object, against the fake Anthropic API over real
 * sockets: what it sends (read back by the fake) and what it makes of the answers.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ChatCompletionRequest, ToolCallDelta } from '@conduit/plugin-api';
import { startAnthropicFakeUpstream } from './fake-anthropic-upstream.ts';
import { call, clientFor, collect, http, text } from './client-helpers.ts';

const fake = await startAnthropicFakeUpstream();
const client = clientFor(fake);
const model = 'claude-sonnet-5-5';
const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};
const ask = (request: Partial<ChatCompletionRequest> = {}): ChatCompletionRequest => ({
  model,
  messages: [{ role: 'user', content: 'Hello' }],
  ...request,
});

test.after(async () => {
  await fake.close();
  await http.close();
});

test('chat: a text answer with Anthropic headers, the /v1/messages path and a defaulted max_tokens', async () => {
  fake.enqueue({ type: 'message', text: 'Hi there!', finish: 'stop', usage: { input: 10, output: 4 } });
  const completion = await client.chat(ask({ messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello' }] }), call());
  assert.is(completion.object, 'chat.completion');
  assert.match(completion.id, /^msg_/);
  assert.is(completion.model, model);
  assert.is(completion.choices[0].message.content, 'Hi there!');
  assert.is(completion.choices[0].finish_reason, 'stop');
  assert.equal(completion.usage, { prompt_tokens: 10, completion_tokens: 4, total_tokens: 14, prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 } });
  const seen = fake.lastRequest();
  assert.is(seen.path, '/v1/messages');
  assert.is(seen.headers['x-api-key'], fake.provider.credentials.apiKey);
  assert.is(seen.headers['anthropic-version'], '2023-06-01');
  assert.is(seen.system, 'Be brief.');
  assert.is(seen.maxTokens, 32000);
  assert.not.ok(seen.stream);
});

test('stream: role first, text in the pieces the fake sent, finish, then one usage chunk with choices []', async () => {
  fake.enqueue({ type: 'message', text: 'The quick brown fox jumps.', finish: 'stop', usage: { input: 20, output: 7 }, pieces: 4 });
  const chunks = await collect(client.chatStream(ask({ stream: true }), call()));
  assert.equal(chunks[0].choices[0].delta, { role: 'assistant', content: '' });
  const contentChunks = chunks.filter((chunk) => chunk.choices[0]?.delta.content);
  assert.is(contentChunks.length, 4);
  assert.is(text(chunks), 'The quick brown fox jumps.');
  const finishes = chunks.filter((chunk) => chunk.choices[0]?.finish_reason);
  assert.is(finishes.length, 1);
  assert.is(finishes[0].choices[0].finish_reason, 'stop');
  const usageChunks = chunks.filter((chunk) => chunk.usage);
  assert.is(usageChunks.length, 1);
  assert.is(chunks.at(-1), usageChunks[0]);
  assert.equal(usageChunks[0].choices, []);
  assert.equal(new Set(chunks.map((chunk) => `${chunk.id}|${chunk.created}|${chunk.model}`)).size, 1);
  assert.ok(fake.lastRequest().stream);
  assert.is(fake.lastRequest().headers.accept, 'text/event-stream');
});

test('stream with usage: cache reads and writes count in prompt_tokens and total = prompt + completion', async () => {
  fake.enqueue({ type: 'message', text: 'Cached.', finish: 'stop', usage: { input: 5, output: 3, cachedInput: 1000, cacheWrite: 200 } });
  const chunks = await collect(client.chatStream(ask(), call()));
  const usage = chunks.at(-1)?.usage;
  assert.equal(usage, {
    prompt_tokens: 1205,
    completion_tokens: 3,
    total_tokens: 1208,
    prompt_tokens_details: { cached_tokens: 1000, cache_write_tokens: 200 },
  });
});

test('tools: parallel tool calls in a non-stream answer', async () => {
  fake.enqueue({
    type: 'message',
    toolCalls: [
      { id: 'toolu_01Paris', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { id: 'toolu_01Rome', name: 'get_weather', arguments: '{"city":"Rome"}' },
    ],
    finish: 'tool_calls',
    usage: { input: 50, output: 40 },
  });
  const completion = await client.chat(ask({ tools: [weatherTool], tool_choice: 'required', parallel_tool_calls: true }), call());
  const choice = completion.choices[0];
  assert.is(choice.finish_reason, 'tool_calls');
  assert.is(choice.message.content, null);
  assert.equal(choice.message.tool_calls, [
    { id: 'toolu_01Paris', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
    { id: 'toolu_01Rome', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
  ]);
  const seen = fake.lastRequest();
  assert.equal(seen.tools, [{ name: 'get_weather', description: 'Weather for a city', parameters: weatherTool.function.parameters }]);
  assert.is(seen.toolChoice, 'required');
});

test('tools streamed: each call opens with id and name, then its arguments arrive incrementally', async () => {
  fake.enqueue({
    type: 'message',
    text: 'Checking both.',
    toolCalls: [
      { id: 'toolu_01A', name: 'get_weather', arguments: '{"city":"San Francisco"}' },
      { id: 'toolu_01B', name: 'get_weather', arguments: '{"city":"Buenos Aires"}' },
    ],
    finish: 'tool_calls',
    usage: { input: 50, output: 40 },
    pieces: 4,
  });
  const chunks = await collect(client.chatStream(ask({ tools: [weatherTool] }), call()));
  const deltas = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
  for (const [index, id, city] of [[0, 'toolu_01A', 'San Francisco'], [1, 'toolu_01B', 'Buenos Aires']] as const) {
    const forCall: ToolCallDelta[] = deltas.filter((delta) => delta.index === index);
    assert.equal(forCall[0], { index, id, type: 'function', function: { name: 'get_weather', arguments: '' } });
    const pieces = forCall.slice(1).map((delta) => delta.function?.arguments ?? '');
    assert.ok(pieces.length >= 4, `call ${index}: ${pieces.length} argument pieces`);
    assert.ok(forCall.slice(1).every((delta) => delta.id === undefined && delta.function?.name === undefined));
    assert.equal(JSON.parse(pieces.join('')), { city });
  }
  assert.is(text(chunks), 'Checking both.');
  assert.is(chunks.find((chunk) => chunk.choices[0]?.finish_reason)?.choices[0].finish_reason, 'tool_calls');
});

test('tool results go back in the next turn as tool_result blocks the fake accepts', async () => {
  const completion = await client.chat(
    ask({
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Weather in Paris and Rome?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'toolu_01Paris', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
            { id: 'toolu_01Rome', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'toolu_01Paris', content: '18°C and sunny' },
        { role: 'tool', tool_call_id: 'toolu_01Rome', content: '24°C' },
      ],
    }),
    call(),
  );
  assert.is(completion.choices[0].finish_reason, 'stop');
  const messages = fake.lastRequest().messages;
  assert.equal(messages[1], {
    role: 'assistant',
    toolCalls: [
      { id: 'toolu_01Paris', name: 'get_weather', arguments: { city: 'Paris' } },
      { id: 'toolu_01Rome', name: 'get_weather', arguments: { city: 'Rome' } },
    ],
  });
  assert.equal(messages[2], {
    role: 'tool',
    toolResults: [
      { toolCallId: 'toolu_01Paris', content: '18°C and sunny' },
      { toolCallId: 'toolu_01Rome', content: '24°C' },
    ],
  });
  assert.is(messages.length, 3);
});

test('vision: a data URL and an http URL arrive as base64 and url image sources', async () => {
  await client.chat(
    ask({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in these?' },
            { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4AAQSkZJRg==' } },
            { type: 'image_url', image_url: { url: 'https://example.com/dog.png' } },
          ],
        },
      ],
    }),
    call(),
  );
  const [message] = fake.lastRequest().messages;
  assert.is(message.text, 'What is in these?');
  assert.equal(message.images, [{ base64: '/9j/4AAQSkZJRg==', mediaType: 'image/jpeg' }, { url: 'https://example.com/dog.png' }]);
});

test('JSON schema output is requested through output_config.format', async () => {
  const schema = { type: 'object', properties: { answer: { type: 'integer' } }, required: ['answer'], additionalProperties: false };
  fake.enqueue({ type: 'message', text: '{"answer":4}', finish: 'stop', usage: { input: 9, output: 6 } });
  const completion = await client.chat(ask({ response_format: { type: 'json_schema', json_schema: { name: 'answer', strict: true, schema } } }), call());
  assert.equal(JSON.parse(String(completion.choices[0].message.content)), { answer: 4 });
  assert.equal(fake.lastRequest().jsonSchema, schema);
  assert.equal((fake.lastRequest().body as { output_config?: unknown }).output_config, { format: { type: 'json_schema', schema } });
});

test('stop sequences, max tokens, sampling and user id are sent; a max_tokens stop is finish_reason length', async () => {
  fake.enqueue({ type: 'message', text: 'Once upon a', finish: 'length', usage: { input: 8, output: 3 } });
  const completion = await client.chat(ask({ stop: ['THE END'], max_completion_tokens: 3, temperature: 0.4, top_p: 0.8, user: 'user-42' }), call());
  assert.is(completion.choices[0].finish_reason, 'length');
  const seen = fake.lastRequest();
  assert.equal(seen.stop, ['THE END']);
  assert.is(seen.maxTokens, 3);
  assert.is(seen.temperature, 0.4);
  assert.is(seen.topP, 0.8);
  assert.equal((seen.body as { metadata?: unknown }).metadata, { user_id: 'user-42' });
});

test('a json_object request asks for JSON in the system prompt', async () => {
  await client.chat(ask({ response_format: { type: 'json_object' } }), call());
  assert.match(String(fake.lastRequest().system), /JSON object/);
  assert.is(fake.lastRequest().jsonSchema, undefined);
});

test('API version 2026-10-21: the header changes and sampling parameters are left out', async () => {
  const newer = clientFor(fake, { options: { apiVersion: '2026-10-21', betas: ['context-1m-2025-08-07'], defaultMaxTokens: 1234 } });
  await newer.chat(ask({ temperature: 0.2, top_p: 0.9 }), call());
  const seen = fake.lastRequest();
  assert.is(seen.headers['anthropic-version'], '2026-10-21');
  assert.is(seen.headers['anthropic-beta'], 'context-1m-2025-08-07');
  assert.is(seen.temperature, undefined);
  assert.is(seen.topP, undefined);
  assert.is(seen.maxTokens, 1234);
});

test('listModels and health read GET /v1/models', async () => {
  const models = await client.listModels?.(call());
  assert.equal(models?.map((entry) => entry.id), ['claude-sonnet-4-5-20250929', 'claude-3-5-haiku-20241022']);
  assert.equal(models?.[1].capabilities, { vision: true, jsonSchema: false });
  await client.health?.(call());
});

test.run();
