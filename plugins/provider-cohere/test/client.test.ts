/**
 * The plugin, created through its definePlugin object with a real HTTP client, against the fake
 * Cohere upstream on a loopback port: chat, streams, tools, vision, JSON output, usage,
 * embeddings and the model list. Errors and aborts are in client-errors.test.ts.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { FunctionTool } from '@conduit/plugin-api';
import type { ScriptedReply } from '@conduit/plugin-api/conformance';
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

test('chat: a text answer, with the request sent to /v2/chat in Cohere format', async () => {
  fake.enqueue({ type: 'message', text: 'Bonjour!', finish: 'stop', usage });
  const completion = await client.chat(
    chat({ messages: [{ role: 'system', content: 'Speak French.' }, { role: 'user', content: 'Hello' }], temperature: 0.4 }),
    call(),
  );
  assert.is(completion.object, 'chat.completion');
  assert.is(completion.model, model);
  assert.is(completion.choices[0].message.content, 'Bonjour!');
  assert.is(completion.choices[0].finish_reason, 'stop');
  assert.equal(completion.usage, { prompt_tokens: 20, completion_tokens: 9, total_tokens: 29 });
  const observed = fake.lastRequest();
  assert.is(observed.path, '/v2/chat');
  assert.is(observed.headers.authorization, `Bearer ${fake.apiKey}`);
  assert.is(observed.stream, false);
  assert.is(observed.system, 'Speak French.');
  assert.equal(observed.messages, [{ role: 'user', text: 'Hello' }]);
  assert.is(observed.temperature, 0.4);
});

test('stream: text arrives piece by piece after a role chunk, ends with finish reason then usage', async () => {
  fake.enqueue({ type: 'message', text: 'One, two, three, four.', finish: 'stop', usage, pieces: 4 });
  const chunks = await collect(client.chatStream(chat({ messages: [{ role: 'user', content: 'Count' }] }), call()));
  assert.is(fake.lastRequest().stream, true);
  assert.equal(chunks[0].choices[0].delta, { role: 'assistant', content: '' });
  assert.is(streamedText(chunks), 'One, two, three, four.');
  assert.is(chunks.filter((chunk) => chunk.choices[0]?.delta.content).length, 4, 'four text pieces');
  assert.is(chunks.at(-2)!.choices[0].finish_reason, 'stop');
  assert.equal(chunks.at(-1)!.choices, []);
  assert.equal(chunks.at(-1)!.usage, { prompt_tokens: 20, completion_tokens: 9, total_tokens: 29 });
  const ids = new Set(chunks.map((chunk) => `${chunk.id}|${chunk.created}|${chunk.model}`));
  assert.is(ids.size, 1, 'id, created and model are the same on every chunk');
});

test('stream: cached tokens are reported inside prompt_tokens', async () => {
  fake.enqueue({ type: 'message', text: 'Hi', finish: 'stop', usage: { input: 20, output: 3, cachedInput: 100 } });
  const chunks = await collect(client.chatStream(chat({ messages: [{ role: 'user', content: 'Hi' }] }), call()));
  assert.equal(chunks.at(-1)!.usage, {
    prompt_tokens: 120,
    completion_tokens: 3,
    total_tokens: 123,
    prompt_tokens_details: { cached_tokens: 100 },
  });
});

test('stream: without usage from Cohere there is no usage chunk', async () => {
  fake.enqueue({ type: 'message', text: 'Hi', finish: 'stop', usage, omitStreamUsage: true });
  const chunks = await collect(client.chatStream(chat({ messages: [{ role: 'user', content: 'Hi' }] }), call()));
  assert.ok(chunks.every((chunk) => chunk.usage === undefined));
  assert.is(chunks.at(-1)!.choices[0].finish_reason, 'stop');
});

test('tools: parallel tool calls in a non-stream answer', async () => {
  fake.enqueue({
    type: 'message',
    toolCalls: [
      { id: 'get_weather_a1', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { id: 'get_weather_b2', name: 'get_weather', arguments: '{"city":"Rome"}' },
    ],
    finish: 'tool_calls',
    usage,
  });
  const completion = await client.chat(
    chat({ messages: [{ role: 'user', content: 'Weather in Paris and Rome?' }], tools: [weatherTool], tool_choice: 'required' }),
    call(),
  );
  assert.is(completion.choices[0].finish_reason, 'tool_calls');
  assert.is(completion.choices[0].message.content, null);
  assert.equal(completion.choices[0].message.tool_calls, [
    { id: 'get_weather_a1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
    { id: 'get_weather_b2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
  ]);
  const observed = fake.lastRequest();
  assert.equal(observed.tools, [
    {
      name: 'get_weather',
      description: 'Weather for a city',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    },
  ]);
  assert.is(observed.toolChoice, 'required');
});

test('tools: a streamed tool plan and two calls, with arguments relayed in pieces', async () => {
  fake.enqueue({
    type: 'message',
    text: 'Checking both cities.',
    toolCalls: [
      { id: 'get_weather_a1', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { id: 'get_weather_b2', name: 'get_weather', arguments: '{"city":"Rome"}' },
    ],
    finish: 'tool_calls',
    usage,
    pieces: 3,
  });
  const chunks = await collect(client.chatStream(chat({ messages: [{ role: 'user', content: 'Weather?' }], tools: [weatherTool] }), call()));
  assert.is(streamedText(chunks), 'Checking both cities.');
  const deltas = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
  for (const index of [0, 1]) {
    const own = deltas.filter((delta) => delta.index === index);
    assert.equal(own[0], {
      index,
      id: index === 0 ? 'get_weather_a1' : 'get_weather_b2',
      type: 'function',
      function: { name: 'get_weather', arguments: '' },
    });
    const pieces = own.slice(1);
    assert.is(pieces.length, 3, 'three argument pieces');
    assert.ok(pieces.every((piece) => piece.id === undefined && piece.function?.name === undefined));
    assert.is(pieces.map((piece) => piece.function?.arguments).join(''), index === 0 ? '{"city":"Paris"}' : '{"city":"Rome"}');
  }
  assert.is(chunks.at(-2)!.choices[0].finish_reason, 'tool_calls');
  assert.ok(chunks.at(-1)!.usage);
});

test('tools: a streamed call of a function without parameters ends with {} as its arguments, as in chat', async () => {
  const clockTool: FunctionTool = { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: {} } } };
  const reply: ScriptedReply = { type: 'message', toolCalls: [{ id: 'get_time_c3', name: 'get_time', arguments: '' }], finish: 'tool_calls', usage };
  fake.enqueue(reply);
  const request = chat({ messages: [{ role: 'user', content: 'What time is it?' }], tools: [clockTool] });
  const completion = await client.chat(request, call());
  assert.is(completion.choices[0].message.tool_calls?.[0]?.function.arguments, '{}');
  fake.enqueue(reply);
  const chunks = await collect(client.chatStream(request, call()));
  const deltas = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
  assert.is(deltas[0]?.id, 'get_time_c3');
  assert.is(deltas.map((delta) => delta.function?.arguments ?? '').join(''), '{}');
  assert.is(chunks.at(-2)!.choices[0].finish_reason, 'tool_calls');
});

test('tools: results go back in the next turn with the call ids and the plan', async () => {
  fake.enqueue({ type: 'message', text: 'Paris is sunny.', finish: 'stop', usage });
  const completion = await client.chat(
    chat({
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        {
          role: 'assistant',
          content: 'Let me check.',
          tool_calls: [{ id: 'get_weather_a1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
        },
        { role: 'tool', tool_call_id: 'get_weather_a1', content: '{"sky":"sunny"}' },
      ],
    }),
    call(),
  );
  assert.is(completion.choices[0].message.content, 'Paris is sunny.');
  const [, assistant, tool] = fake.lastRequest().messages;
  assert.equal(assistant, {
    role: 'assistant',
    text: 'Let me check.',
    toolCalls: [{ id: 'get_weather_a1', name: 'get_weather', arguments: { city: 'Paris' } }],
  });
  assert.equal(tool, { role: 'tool', toolResults: [{ toolCallId: 'get_weather_a1', content: '{"sky":"sunny"}' }] });
});

test('vision: data URL and http URL images reach Cohere as image_url parts', async () => {
  await client.chat(
    {
      model: 'command-a-vision-07-2025',
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
  assert.equal(message.images, [
    { url: `data:image/png;base64,${pixel}`, mediaType: 'image/png', base64: pixel },
    { url: 'https://example.com/cat.jpg' },
  ]);
});

test('JSON schema output: the schema is sent as json_object with json_schema', async () => {
  fake.enqueue({ type: 'message', text: '{"city":"Paris"}', finish: 'stop', usage });
  const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
  const completion = await client.chat(
    chat({
      messages: [{ role: 'user', content: 'Capital of France as JSON' }],
      response_format: { type: 'json_schema', json_schema: { name: 'answer', schema, strict: true } },
    }),
    call(),
  );
  assert.equal(JSON.parse(completion.choices[0].message.content ?? ''), { city: 'Paris' });
  assert.equal(fake.lastRequest().jsonSchema, schema);
});

test('stop sequences and max tokens are sent; MAX_TOKENS is finish reason length', async () => {
  fake.enqueue({ type: 'message', text: 'Once upon', finish: 'length', usage });
  const completion = await client.chat(
    chat({ messages: [{ role: 'user', content: 'A story' }], stop: ['THE END'], max_completion_tokens: 3 }),
    call(),
  );
  assert.is(completion.choices[0].finish_reason, 'length');
  const observed = fake.lastRequest();
  assert.equal(observed.stop, ['THE END']);
  assert.is(observed.maxTokens, 3);
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

test('embeddings: texts go to /v2/embed with the input type; vectors and usage come back', async () => {
  fake.enqueue({ type: 'embeddings', dimensions: 6, usage: { input: 4 } });
  const response = await client.embeddings!({ model: 'embed-v4.0', input: ['first', 'second'] }, call());
  assert.is(response.data.length, 2);
  assert.is((response.data[1].embedding as number[]).length, 6);
  assert.is(response.data[1].index, 1);
  assert.equal(response.usage, { prompt_tokens: 4, total_tokens: 4 });
  const observed = fake.lastRequest();
  assert.is(observed.path, '/v2/embed');
  assert.equal(observed.inputs, ['first', 'second']);
  assert.is((observed.body as { input_type?: string }).input_type, 'search_document');
});

test('embeddings: the provider option sets the default input type', async () => {
  const queryClient = harness.clientWith({ options: { inputType: 'search_query', clientName: 'conduit-tests' } });
  await queryClient.embeddings!({ model: 'embed-v4.0', input: 'where?' }, call());
  const observed = fake.lastRequest();
  assert.is((observed.body as { input_type?: string }).input_type, 'search_query');
  assert.is(observed.headers['x-client-name'], 'conduit-tests');
});

test('listModels and health use GET /v1/models', async () => {
  const models = await client.listModels!(call());
  assert.equal(models.map((entry) => entry.id), ['command-a-03-2025', 'command-a-vision-07-2025', 'embed-v4.0']);
  assert.is(models[1].capabilities?.vision, true);
  assert.is(models[2].capabilities?.embeddings, true);
  await client.health!(call());
  assert.is(fake.lastRequest().path, '/v1/models?page_size=1');
});

test.run();
