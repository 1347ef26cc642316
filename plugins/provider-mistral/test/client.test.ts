/**
 * The plugin, created through its definePlugin object with a real HTTP client, against the fake
 * Mistral upstream on a loopback port: chat, streams, tools, vision, JSON output, usage,
 * embeddings and the model list. The fake refuses unknown fields and invalid tool call ids as
 * Mistral does, so every test here also proves the request is acceptable to Mistral. Errors and
 * aborts are in client-errors.test.ts.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { FunctionTool } from '@conduit/plugin-api';
import { call, chat, collect, model, startClientHarness, streamedText } from './client-harness.ts';

const usage = { input: 20, output: 9 };
const pixel = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const weatherTool: FunctionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

const harness = await startClientHarness();
const { fake, client } = harness;
test.after(() => harness.close());
test.before.each(() => fake.reset());

test('chat: a text answer; OpenAI-only fields in the request do not reach Mistral', async () => {
  fake.enqueue({ type: 'message', text: 'Bonjour!', finish: 'stop', usage });
  const completion = await client.chat(
    chat({
      messages: [{ role: 'developer', content: 'Speak French.' }, { role: 'user', content: 'Hello', name: 'ada' }],
      temperature: 0.4,
      seed: 11,
      user: 'user-1',
      store: false,
      metadata: { a: 'b' },
      logit_bias: { '1': 2 },
      stream_options: { include_usage: true },
    }),
    call(),
  );
  assert.is(completion.object, 'chat.completion');
  assert.is(completion.model, model);
  assert.is(completion.choices[0].message.content, 'Bonjour!');
  assert.is(completion.choices[0].finish_reason, 'stop');
  assert.equal(completion.usage, { prompt_tokens: 20, completion_tokens: 9, total_tokens: 29 });
  const observed = fake.lastRequest();
  assert.is(observed.path, '/v1/chat/completions');
  assert.is(observed.headers.authorization, `Bearer ${fake.apiKey}`);
  assert.is(observed.stream, false);
  assert.is(observed.system, 'Speak French.');
  assert.equal(observed.messages, [{ role: 'user', text: 'Hello' }]);
  assert.is(observed.temperature, 0.4);
  assert.is((observed.body as { random_seed?: number }).random_seed, 11);
});

test('stream: role chunk, text piece by piece, finish reason, then usage moved to a final choices-less chunk', async () => {
  fake.enqueue({ type: 'message', text: 'One, two, three, four.', finish: 'stop', usage, pieces: 4 });
  const chunks = await collect(client.chatStream(chat({ messages: [{ role: 'user', content: 'Count' }], stream: true }), call()));
  const observed = fake.lastRequest();
  assert.is(observed.stream, true);
  assert.is((observed.body as Record<string, unknown>).stream_options, undefined, 'no stream_options is sent');
  assert.equal(chunks[0].choices[0].delta, { role: 'assistant', content: '' });
  assert.is(streamedText(chunks), 'One, two, three, four.');
  assert.is(chunks.filter((chunk) => chunk.choices[0]?.delta.content).length, 4);
  assert.is(chunks.at(-2)!.choices[0].finish_reason, 'stop');
  assert.is(chunks.at(-2)!.usage, undefined);
  assert.equal(chunks.at(-1)!.choices, []);
  assert.equal(chunks.at(-1)!.usage, { prompt_tokens: 20, completion_tokens: 9, total_tokens: 29 });
  assert.is(new Set(chunks.map((chunk) => `${chunk.id}|${chunk.created}|${chunk.model}`)).size, 1);
});

test('stream: cached tokens reported inside prompt_tokens', async () => {
  fake.enqueue({ type: 'message', text: 'Hi', finish: 'stop', usage: { input: 20, output: 3, cachedInput: 100 } });
  const chunks = await collect(client.chatStream(chat({ messages: [{ role: 'user', content: 'Hi' }] }), call()));
  assert.equal(chunks.at(-1)!.usage, { prompt_tokens: 120, completion_tokens: 3, total_tokens: 123, prompt_tokens_details: { cached_tokens: 100 } });
});

test('stream: without usage from Mistral there is no usage chunk', async () => {
  fake.enqueue({ type: 'message', text: 'Hi', finish: 'stop', usage, omitStreamUsage: true });
  const chunks = await collect(client.chatStream(chat({ messages: [{ role: 'user', content: 'Hi' }] }), call()));
  assert.ok(chunks.every((chunk) => chunk.usage === undefined));
  assert.is(chunks.at(-1)!.choices[0].finish_reason, 'stop');
});

test('tools: parallel calls in a non-stream answer; tool_choice required is sent as any', async () => {
  fake.enqueue({
    type: 'message',
    toolCalls: [
      { id: 'parisCall', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { id: 'romeCall1', name: 'get_weather', arguments: '{"city":"Rome"}' },
    ],
    finish: 'tool_calls',
    usage,
  });
  const completion = await client.chat(
    chat({ messages: [{ role: 'user', content: 'Weather in Paris and Rome?' }], tools: [weatherTool], tool_choice: 'required', parallel_tool_calls: true }),
    call(),
  );
  assert.is(completion.choices[0].finish_reason, 'tool_calls');
  assert.equal(completion.choices[0].message.tool_calls, [
    { id: 'parisCall', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
    { id: 'romeCall1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
  ]);
  const observed = fake.lastRequest();
  assert.is((observed.body as { tool_choice?: unknown }).tool_choice, 'any');
  assert.is(observed.toolChoice, 'required');
  assert.equal(observed.tools?.map((tool) => tool.name), ['get_weather']);
});

test('tools: streamed parallel calls open with id and name, then arguments in pieces', async () => {
  fake.enqueue({
    type: 'message',
    text: 'Checking.',
    toolCalls: [
      { id: 'parisCall', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { id: 'romeCall1', name: 'get_weather', arguments: '{"city":"Rome"}' },
    ],
    finish: 'tool_calls',
    usage,
    pieces: 3,
  });
  const chunks = await collect(client.chatStream(chat({ messages: [{ role: 'user', content: 'Weather?' }], tools: [weatherTool] }), call()));
  assert.is(streamedText(chunks), 'Checking.');
  const deltas = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
  for (const index of [0, 1]) {
    const own = deltas.filter((delta) => delta.index === index);
    assert.equal(own[0], { index, id: index === 0 ? 'parisCall' : 'romeCall1', type: 'function', function: { name: 'get_weather', arguments: '' } });
    assert.is(own.slice(1).length, 3, 'three argument pieces');
    assert.is(own.slice(1).map((delta) => delta.function?.arguments).join(''), index === 0 ? '{"city":"Paris"}' : '{"city":"Rome"}');
  }
  assert.is(chunks.at(-2)!.choices[0].finish_reason, 'tool_calls');
  assert.ok(chunks.at(-1)!.usage);
});

test('tools: results in the next turn; foreign tool call ids are made Mistral-valid consistently', async () => {
  fake.enqueue({ type: 'message', text: 'Paris is sunny.', finish: 'stop', usage });
  const completion = await client.chat(
    chat({
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_Xy12_from_openai', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
        },
        { role: 'tool', tool_call_id: 'call_Xy12_from_openai', content: '{"sky":"sunny"}' },
      ],
    }),
    call(),
  );
  assert.is(completion.choices[0].message.content, 'Paris is sunny.');
  const [, assistant, tool] = fake.lastRequest().messages;
  const id = assistant.toolCalls?.[0].id;
  assert.match(id ?? '', /^[a-zA-Z0-9]{9}$/);
  assert.equal(assistant.toolCalls, [{ id, name: 'get_weather', arguments: { city: 'Paris' } }]);
  assert.equal(tool.toolResults, [{ toolCallId: id, content: '{"sky":"sunny"}' }]);
  assert.is((fake.lastRequest().body as { messages: Array<{ name?: string }> }).messages[2].name, 'get_weather');
});

test('vision: a data URL and an http URL reach Mistral as image_url chunks', async () => {
  await client.chat(
    {
      model: 'pixtral-large-latest',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in these?' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${pixel}` } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg', detail: 'low' } },
          ],
        },
      ],
    },
    call(),
  );
  const [message] = fake.lastRequest().messages;
  assert.is(message.text, 'What is in these?');
  assert.equal(message.images, [{ url: `data:image/png;base64,${pixel}`, mediaType: 'image/png', base64: pixel }, { url: 'https://example.com/cat.jpg' }]);
});

test('JSON schema output: response_format json_schema reaches Mistral with the schema', async () => {
  fake.enqueue({ type: 'message', text: '{"city":"Paris"}', finish: 'stop', usage });
  const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
  const completion = await client.chat(
    chat({ messages: [{ role: 'user', content: 'Capital of France as JSON' }], response_format: { type: 'json_schema', json_schema: { name: 'answer', schema, strict: true } } }),
    call(),
  );
  assert.equal(JSON.parse(completion.choices[0].message.content ?? ''), { city: 'Paris' });
  assert.equal(fake.lastRequest().jsonSchema, schema);
});

test('stop and max_completion_tokens are sent (as stop and max_tokens); length is the finish reason', async () => {
  fake.enqueue({ type: 'message', text: 'Once upon', finish: 'length', usage });
  const completion = await client.chat(chat({ messages: [{ role: 'user', content: 'A story' }], stop: ['THE END'], max_completion_tokens: 3 }), call());
  assert.is(completion.choices[0].finish_reason, 'length');
  assert.equal(fake.lastRequest().stop, ['THE END']);
  assert.is(fake.lastRequest().maxTokens, 3);
});

test('usage invariants: total = prompt + completion, in chat and stream', async () => {
  fake.enqueue({ type: 'message', text: 'A', finish: 'stop', usage: { input: 31, output: 17, cachedInput: 5 } });
  fake.enqueue({ type: 'message', text: 'B', finish: 'stop', usage: { input: 31, output: 17, cachedInput: 5 } });
  const completion = await client.chat(chat({ messages: [{ role: 'user', content: 'Hi' }] }), call());
  const chunks = await collect(client.chatStream(chat({ messages: [{ role: 'user', content: 'Hi' }] }), call()));
  for (const found of [completion.usage!, chunks.at(-1)!.usage!]) {
    assert.is(found.total_tokens, found.prompt_tokens + found.completion_tokens);
    assert.is(found.prompt_tokens, 36);
    assert.is(found.prompt_tokens_details?.cached_tokens, 5);
  }
});

test('embeddings: /v1/embeddings with dimensions as output_dimension; vectors and usage come back', async () => {
  fake.enqueue({ type: 'embeddings', dimensions: 6, usage: { input: 4 } });
  const response = await client.embeddings!({ model: 'mistral-embed', input: ['first', 'second'], dimensions: 6, user: 'u' }, call());
  assert.is(response.data.length, 2);
  assert.is((response.data[1].embedding as number[]).length, 6);
  assert.equal(response.usage, { prompt_tokens: 4, total_tokens: 4 });
  const observed = fake.lastRequest();
  assert.is(observed.path, '/v1/embeddings');
  assert.equal(observed.inputs, ['first', 'second']);
  assert.is((observed.body as { output_dimension?: number }).output_dimension, 6);
});

test('listModels reads capability flags; health answers', async () => {
  const models = await client.listModels!(call());
  assert.equal(models.map((entry) => entry.id), ['mistral-small-latest', 'codestral-latest', 'mistral-embed']);
  assert.is(models[0].capabilities?.vision, true);
  assert.is(models[1].capabilities?.completions, false);
  assert.is(models[2].capabilities?.embeddings, true);
  await client.health!(call());
  assert.is(fake.lastRequest().path, '/v1/models');
});

test.run();
