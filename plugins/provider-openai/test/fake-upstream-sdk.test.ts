/**
 * The official `openai` SDK against the fake: if the SDK reads every answer, stream and error the
 * way it reads OpenAI's, the fake speaks OpenAI's wire format.
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

test('a chat completion reads back with its text, usage and request id', async () => {
  fake.enqueue({ type: 'message', text: 'Bonjour !', finish: 'stop', usage: { input: 11, output: 5, cachedInput: 4 } });
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [
      { role: 'developer', content: 'Answer in French.' },
      { role: 'user', content: 'Hello' },
    ],
    max_completion_tokens: 20,
    stop: ['\n\n'],
  });
  assert.is(completion.object, 'chat.completion');
  assert.match(completion.id, /^chatcmpl-/);
  assert.is(completion.model, 'gpt-4o-mini');
  assert.is(completion.choices[0].message.content, 'Bonjour !');
  assert.is(completion.choices[0].finish_reason, 'stop');
  assert.equal(
    { prompt: completion.usage?.prompt_tokens, completion: completion.usage?.completion_tokens, total: completion.usage?.total_tokens },
    { prompt: 15, completion: 5, total: 20 },
  );
  assert.is(completion.usage?.prompt_tokens_details?.cached_tokens, 4);
  assert.match(completion._request_id ?? '', /^req_[0-9a-f]{32}$/);
  const observed = fake.lastRequest();
  assert.is(observed.system, 'Answer in French.');
  assert.equal(observed.messages, [{ role: 'user', text: 'Hello' }]);
  assert.is(observed.maxTokens, 20);
  assert.equal(observed.stop, ['\n\n']);
});

test('a stream with include_usage ends with one usage chunk whose choices are empty', async () => {
  fake.enqueue({ type: 'message', text: 'one two three four', finish: 'stop', usage, pieces: 4 });
  const stream = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Count' }],
    stream: true,
    stream_options: { include_usage: true },
  });
  const chunks: OpenAI.ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  assert.equal(chunks[0].choices[0].delta, { role: 'assistant', content: '', refusal: null });
  assert.is(new Set(chunks.map((chunk) => chunk.id)).size, 1);
  const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
  assert.is(text, 'one two three four');
  assert.is(chunks.filter((chunk) => chunk.choices[0]?.delta.content).length, 4);
  const last = chunks.at(-1)!;
  assert.equal(last.choices, []);
  assert.equal(last.usage?.total_tokens, 16);
  assert.ok(chunks.slice(0, -1).every((chunk) => chunk.usage === null));
  assert.is(chunks.at(-2)!.choices[0].finish_reason, 'stop');
  assert.is(fake.lastRequest().stream, true);
});

test('a stream without include_usage carries no usage at all', async () => {
  fake.enqueue({ type: 'message', text: 'hi', finish: 'stop', usage });
  const stream = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Hi' }],
    stream: true,
  });
  const chunks: OpenAI.ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  assert.ok(chunks.every((chunk) => !('usage' in chunk) && chunk.choices.length === 1));
});

const weatherTool: OpenAI.ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather of a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};
const parallelCalls = [
  { id: 'call_paris', name: 'get_weather', arguments: '{"city":"Paris"}' },
  { id: 'call_tokyo', name: 'get_weather', arguments: '{"city":"Tokyo"}' },
];

test('parallel tool calls arrive in the message and the tools in the request read back', async () => {
  fake.enqueue({ type: 'message', toolCalls: parallelCalls, finish: 'tool_calls', usage });
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Weather in Paris and Tokyo?' }],
    tools: [weatherTool],
    tool_choice: 'auto',
  });
  const message = completion.choices[0].message;
  assert.is(message.content, null);
  assert.equal(
    message.tool_calls?.map((call) => call.type === 'function' && [call.id, call.function.name, call.function.arguments]),
    [
      ['call_paris', 'get_weather', '{"city":"Paris"}'],
      ['call_tokyo', 'get_weather', '{"city":"Tokyo"}'],
    ],
  );
  assert.is(completion.choices[0].finish_reason, 'tool_calls');
  const observed = fake.lastRequest();
  assert.equal(observed.tools?.map((tool) => tool.name), ['get_weather']);
  assert.is(observed.toolChoice, 'auto');
});

test("streamed tool call deltas accumulate in the SDK's stream helper", async () => {
  fake.enqueue({ type: 'message', toolCalls: parallelCalls, finish: 'tool_calls', usage, pieces: 3 });
  const runner = client.chat.completions.stream({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Weather in Paris and Tokyo?' }],
    tools: [weatherTool],
  });
  const argumentPieces: string[] = [];
  runner.on('chunk', (chunk) => {
    for (const call of chunk.choices[0]?.delta.tool_calls ?? []) {
      if (call.function?.arguments) argumentPieces.push(call.function.arguments);
    }
  });
  const final = await runner.finalChatCompletion();
  const calls = final.choices[0].message.tool_calls ?? [];
  assert.equal(
    calls.map((call) => call.type === 'function' && [call.id, call.function.name, JSON.parse(call.function.arguments)]),
    [
      ['call_paris', 'get_weather', { city: 'Paris' }],
      ['call_tokyo', 'get_weather', { city: 'Tokyo' }],
    ],
  );
  assert.is(argumentPieces.length, 6);
});

test('tool results and earlier tool calls read back in the next turn', async () => {
  await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [
      { role: 'user', content: 'Weather in Paris?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '18°C, sunny' },
    ],
    tools: [weatherTool],
  });
  const [, assistant, tool] = fake.lastRequest().messages;
  assert.equal(assistant.toolCalls, [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }]);
  assert.equal(tool, { role: 'tool', toolResults: [{ toolCallId: 'call_1', content: '18°C, sunny' }] });
});

test('image parts read back as base64 (data URL) and as URL', async () => {
  await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Compare' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg', detail: 'low' } },
        ],
      },
    ],
  });
  assert.equal(fake.lastRequest().messages[0].images, [
    { base64: 'iVBORw0KGgo=', mediaType: 'image/png' },
    { url: 'https://example.com/cat.jpg' },
  ]);
});

test('JSON schema output reads back as jsonSchema', async () => {
  const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false };
  fake.enqueue({ type: 'message', text: '{"answer":"42"}', finish: 'stop', usage });
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Answer' }],
    response_format: { type: 'json_schema', json_schema: { name: 'answer', schema, strict: true } },
  });
  assert.equal(JSON.parse(completion.choices[0].message.content ?? ''), { answer: '42' });
  assert.equal(fake.lastRequest().jsonSchema, schema);
});

test('a wrong key is refused with OpenAI 401 body, without echoing the key', async () => {
  const wrongKey = 'sk-wrong-key-1234567890abcdef';
  const stranger = new OpenAI({ apiKey: wrongKey, baseURL: fake.provider.baseUrl, maxRetries: 0 });
  try {
    await stranger.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, OpenAI.AuthenticationError);
    const apiError = error as InstanceType<typeof OpenAI.AuthenticationError>;
    assert.is(apiError.status, 401);
    assert.is(apiError.code, 'invalid_api_key');
    assert.is(apiError.type, 'invalid_request_error');
    assert.is(apiError.param, null);
    assert.not.ok(apiError.message.includes(wrongKey));
    assert.match(apiError.requestID ?? '', /^req_/);
  }
});

test('a missing key is refused with a 401', async () => {
  const response = await fetch(`${fake.provider.baseUrl}/models`);
  assert.is(response.status, 401);
  const body = (await response.json()) as { error: { type: string; code: unknown } };
  assert.equal([body.error.type, body.error.code], ['invalid_request_error', null]);
});

test('a 429 carries retry-after and exhausted x-ratelimit headers', async () => {
  fake.enqueue({ type: 'http-error', status: 429, message: 'Rate limit reached for requests', retryAfterSeconds: 7 });
  try {
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, OpenAI.RateLimitError);
    const apiError = error as InstanceType<typeof OpenAI.RateLimitError>;
    assert.is(apiError.code, 'rate_limit_exceeded');
    assert.is(apiError.headers?.get('retry-after'), '7');
    assert.is(apiError.headers?.get('x-ratelimit-remaining-requests'), '0');
    assert.match(apiError.message, /Rate limit reached for requests/);
  }
});

test('a 500 is an InternalServerError', async () => {
  fake.enqueue({ type: 'http-error', status: 500, message: 'The server had an error' });
  try {
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, OpenAI.InternalServerError);
  }
});

test('an in-stream error event makes the SDK throw after the text before it', async () => {
  fake.enqueue({ type: 'stream-error', textBefore: 'partial answer', message: 'The model crashed' });
  const stream = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'hi' }],
    stream: true,
  });
  let text = '';
  try {
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, OpenAI.APIError);
    assert.match((error as Error).message, /The model crashed/);
  }
  assert.is(text, 'partial answer');
});

test('stream_options on a non-stream request is a 400, as at OpenAI', async () => {
  try {
    await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
      stream_options: { include_usage: true },
    });
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, OpenAI.BadRequestError);
    assert.is((error as InstanceType<typeof OpenAI.BadRequestError>).param, 'stream_options');
  }
});

test('aborting a hanging request is seen by the fake as a client close', async () => {
  fake.enqueue({ type: 'hang' });
  const controller = new AbortController();
  const pending = client.chat.completions.create(
    { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] },
    { signal: controller.signal },
  );
  await fake.waitForRequests(1);
  controller.abort();
  try {
    await pending;
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, OpenAI.APIUserAbortError);
  }
  await fake.clientClosed();
  assert.is(fake.inFlight(), 0);
});

test.run();
