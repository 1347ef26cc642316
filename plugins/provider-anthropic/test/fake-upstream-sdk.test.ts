/**
 * The official Anthropic SDK against the fake: if the SDK can read what the fake answers (messages,
 * named SSE events, tool use, error bodies and statuses), the fake speaks Anthropic's real format.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import Anthropic from '@anthropic-ai/sdk';
import { fakeAnthropicApiKey, startAnthropicFakeUpstream } from './fake-anthropic-upstream.ts';

const fake = await startAnthropicFakeUpstream();
const client = new Anthropic({ apiKey: fake.provider.credentials.apiKey, baseURL: fake.provider.baseUrl, maxRetries: 0 });
const model = 'claude-sonnet-5-5';
const weatherTool = {
  name: 'get_weather',
  description: 'Weather for a city',
  input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] },
};

test.after(() => fake.close());

test('messages.create reads a text message with usage and a request id', async () => {
  fake.enqueue({ type: 'message', text: 'Bonjour !', finish: 'stop', usage: { input: 20, output: 5, cachedInput: 100, cacheWrite: 7 } });
  const message = await client.messages.create({
    model,
    max_tokens: 256,
    system: 'Answer in French.',
    messages: [{ role: 'user', content: 'Say hello' }],
  });
  assert.match(message.id, /^msg_01/);
  assert.is(message.role, 'assistant');
  assert.equal(message.content.map((block) => block.type), ['text']);
  assert.is(message.content[0].type === 'text' && message.content[0].text, 'Bonjour !');
  assert.is(message.stop_reason, 'end_turn');
  assert.is(message.usage.input_tokens, 20);
  assert.is(message.usage.output_tokens, 5);
  assert.is(message.usage.cache_read_input_tokens, 100);
  assert.is(message.usage.cache_creation_input_tokens, 7);
  assert.match(String(message._request_id), /^req_/);
  const seen = fake.lastRequest();
  assert.is(seen.system, 'Answer in French.');
  assert.is(seen.maxTokens, 256);
  assert.equal(seen.messages, [{ role: 'user', text: 'Say hello' }]);
});

test('messages.stream accumulates the streamed text and the final usage', async () => {
  fake.enqueue({ type: 'message', text: 'One, two, three, four.', finish: 'stop', usage: { input: 11, output: 6 }, pieces: 4 });
  const stream = client.messages.stream({ model, max_tokens: 128, messages: [{ role: 'user', content: 'Count' }] });
  const texts: string[] = [];
  stream.on('text', (text) => texts.push(text));
  const message = await stream.finalMessage();
  assert.is(texts.length, 4);
  assert.is(texts.join(''), 'One, two, three, four.');
  assert.is(message.content[0].type === 'text' && message.content[0].text, 'One, two, three, four.');
  assert.is(message.stop_reason, 'end_turn');
  assert.is(message.usage.output_tokens, 6);
  assert.is(message.usage.input_tokens, 11);
  assert.ok(fake.lastRequest().stream);
});

test('messages.create with stream: true yields the named events in order', async () => {
  fake.enqueue({ type: 'message', text: 'Hi', finish: 'stop', usage: { input: 3, output: 1 }, pieces: 1 });
  const stream = await client.messages.create({ model, max_tokens: 16, stream: true, messages: [{ role: 'user', content: 'Hi' }] });
  const types: string[] = [];
  for await (const event of stream) types.push(event.type);
  assert.equal(types, ['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
});

test('tool use: the SDK reads tool_use blocks and the fake reads tool results back', async () => {
  fake.enqueue({
    type: 'message',
    toolCalls: [
      { id: 'toolu_01A', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { id: 'toolu_01B', name: 'get_weather', arguments: '{"city":"Rome"}' },
    ],
    finish: 'tool_calls',
    usage: { input: 40, output: 30 },
  });
  const first = await client.messages.create({
    model,
    max_tokens: 256,
    tools: [weatherTool],
    tool_choice: { type: 'any' },
    messages: [{ role: 'user', content: 'Weather in Paris and Rome?' }],
  });
  assert.is(first.stop_reason, 'tool_use');
  const uses = first.content.filter((block) => block.type === 'tool_use');
  assert.equal(uses.map((block) => block.input), [{ city: 'Paris' }, { city: 'Rome' }]);
  assert.equal(fake.lastRequest().toolChoice, 'required');
  assert.equal(fake.lastRequest().tools, [{ name: 'get_weather', description: 'Weather for a city', parameters: weatherTool.input_schema }]);

  await client.messages.create({
    model,
    max_tokens: 256,
    tools: [weatherTool],
    messages: [
      { role: 'user', content: 'Weather in Paris and Rome?' },
      { role: 'assistant', content: first.content },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_01A', content: '18°C' },
          { type: 'tool_result', tool_use_id: 'toolu_01B', content: [{ type: 'text', text: '24°C' }] },
        ],
      },
    ],
  });
  const seen = fake.lastRequest();
  assert.equal(seen.messages[1].toolCalls, [
    { id: 'toolu_01A', name: 'get_weather', arguments: { city: 'Paris' } },
    { id: 'toolu_01B', name: 'get_weather', arguments: { city: 'Rome' } },
  ]);
  assert.equal(seen.messages[2], {
    role: 'tool',
    toolResults: [
      { toolCallId: 'toolu_01A', content: '18°C' },
      { toolCallId: 'toolu_01B', content: '24°C' },
    ],
  });
});

test('tool use streamed: the SDK assembles the input from input_json_delta pieces', async () => {
  fake.enqueue({
    type: 'message',
    text: 'Let me check.',
    toolCalls: [{ id: 'toolu_01C', name: 'get_weather', arguments: '{"city":"San Francisco, CA"}' }],
    finish: 'tool_calls',
    usage: { input: 40, output: 30 },
    pieces: 5,
  });
  const stream = client.messages.stream({ model, max_tokens: 256, tools: [weatherTool], messages: [{ role: 'user', content: 'Weather?' }] });
  const jsonPieces: string[] = [];
  stream.on('inputJson', (piece) => jsonPieces.push(piece));
  const message = await stream.finalMessage();
  assert.ok(jsonPieces.length >= 5, `expected incremental input, got ${jsonPieces.length} pieces`);
  const use = message.content.find((block) => block.type === 'tool_use');
  assert.equal(use && use.type === 'tool_use' && use.input, { city: 'San Francisco, CA' });
  assert.is(message.stop_reason, 'tool_use');
});

test('a 429 arrives as the SDK RateLimitError with retry-after and the error type', async () => {
  fake.enqueue({ type: 'http-error', status: 429, message: 'Number of request tokens has exceeded your per-minute rate limit', retryAfterSeconds: 12 });
  try {
    await client.messages.create({ model, max_tokens: 16, messages: [{ role: 'user', content: 'Hi' }] });
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, Anthropic.RateLimitError);
    const apiError = error as InstanceType<typeof Anthropic.RateLimitError>;
    assert.is(apiError.status, 429);
    assert.is(apiError.type, 'rate_limit_error');
    assert.is(apiError.headers?.get('retry-after'), '12');
    assert.match(String(apiError.requestID), /^req_/);
    assert.match(apiError.message, /per-minute rate limit/);
  }
});

test('a 529 arrives as the SDK OverloadedError', async () => {
  fake.enqueue({ type: 'http-error', status: 529, message: 'Overloaded' });
  try {
    await client.messages.create({ model, max_tokens: 16, messages: [{ role: 'user', content: 'Hi' }] });
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, Anthropic.OverloadedError);
    assert.is((error as InstanceType<typeof Anthropic.APIError>).type, 'overloaded_error');
  }
});

test('a wrong key gets the 401 authentication_error', async () => {
  const wrong = new Anthropic({ apiKey: `${fakeAnthropicApiKey}-wrong`, baseURL: fake.provider.baseUrl, maxRetries: 0 });
  try {
    await wrong.messages.create({ model, max_tokens: 16, messages: [{ role: 'user', content: 'Hi' }] });
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, Anthropic.AuthenticationError);
    assert.is((error as InstanceType<typeof Anthropic.APIError>).type, 'authentication_error');
  }
});

test('an error event inside the stream surfaces as an SDK APIError', async () => {
  fake.enqueue({ type: 'stream-error', textBefore: 'Partial', message: 'Overloaded' });
  const stream = client.messages.stream({ model, max_tokens: 16, messages: [{ role: 'user', content: 'Hi' }] });
  const texts: string[] = [];
  stream.on('text', (text) => texts.push(text));
  try {
    await stream.finalMessage();
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, Anthropic.APIError);
    assert.is((error as InstanceType<typeof Anthropic.APIError>).type, 'overloaded_error');
  }
  assert.equal(texts, ['Partial']);
});

test('structured output and images are read back from the SDK request', async () => {
  const schema = { type: 'object', properties: { answer: { type: 'number' } }, required: ['answer'], additionalProperties: false };
  await client.messages.create({
    model,
    max_tokens: 64,
    output_config: { format: { type: 'json_schema', schema } },
    messages: [
      {
        role: 'user',
        content: [
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
          { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
          { type: 'text', text: 'What is 2+2?' },
        ],
      },
    ],
  });
  const seen = fake.lastRequest();
  assert.equal(seen.jsonSchema, schema);
  assert.equal(seen.messages[0].images, [{ base64: 'iVBORw0KGgo=', mediaType: 'image/png' }, { url: 'https://example.com/cat.jpg' }]);
  assert.is(seen.messages[0].text, 'What is 2+2?');
});

test('models.list pages through the fake model list', async () => {
  const ids: string[] = [];
  for await (const info of client.models.list()) ids.push(info.id);
  assert.equal(ids, ['claude-sonnet-4-5-20250929', 'claude-3-5-haiku-20241022']);
});

test.run();
