/** The plugin, created through its definePlugin object, against the fake Bedrock runtime: chat features. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHttpClient, type ChatCompletionRequest } from '@conduit/plugin-api';
import { startBedrockFakeUpstream } from './fake-bedrock-upstream.ts';
import { ask, call, clientFor, collect, modelId, rejection } from './test-client.ts';

const fake = await startBedrockFakeUpstream();
const http = createHttpClient();
const client = clientFor(fake, http);
const tools: ChatCompletionRequest['tools'] = [
  { type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
  { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: { zone: { type: 'string' } } } } },
];
const toolCalls = [
  { id: 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q', name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' },
  { id: 'tooluse_8fPIgQ4GQiq1Ks0bKq1Yxw', name: 'get_time', arguments: '{"zone":"Europe/Paris"}' },
];

test.after(async () => {
  await fake.close();
  await http.close();
});

test('chat is signed with SigV4 and answers from Converse', async () => {
  fake.enqueue({ type: 'message', text: 'Bonjour', finish: 'stop', usage: { input: 10, output: 2 } });
  const completion = await client.chat(ask({ messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello' }] }), call());
  assert.is(completion.object, 'chat.completion');
  assert.is(completion.model, modelId);
  assert.is(completion.choices[0]?.message.content, 'Bonjour');
  assert.is(completion.choices[0]?.finish_reason, 'stop');
  assert.match(completion.id, /^chatcmpl-/);
  const seen = fake.lastRequest();
  assert.is(seen.path, '/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse');
  assert.is(seen.model, modelId);
  assert.is(seen.system, 'Be brief.');
  assert.match(String(seen.headers.authorization), /^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/us-east-1\/bedrock\/aws4_request/);
});

test('an inference profile ARN is one encoded path label and still verifies', async () => {
  const arn = 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-20250514-v1:0';
  await client.chat(ask({ model: arn }), call());
  assert.is(fake.lastRequest().path, `/model/${encodeURIComponent(arn)}/converse`);
  assert.is(fake.lastRequest().model, arn);
});

test('a stream starts with the role, relays text pieces, ends with finish then usage', async () => {
  fake.enqueue({ type: 'message', text: 'The quick brown fox', finish: 'stop', usage: { input: 4, output: 4 }, pieces: 4 });
  const chunks = await collect(client.chatStream(ask(), call()));
  assert.equal(chunks[0]?.choices[0]?.delta, { role: 'assistant', content: '' });
  assert.ok(chunks.every((chunk) => chunk.id === chunks[0]?.id && chunk.created === chunks[0]?.created && chunk.model === modelId));
  assert.is(fake.lastRequest().path, '/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse-stream');
  const choiceChunks = chunks.filter((chunk) => chunk.choices.length > 0);
  const contents = choiceChunks.map((chunk) => chunk.choices[0]?.delta.content).filter((text) => text);
  assert.equal(contents, ['The q', 'uick ', 'brown', ' fox']);
  assert.is(choiceChunks.at(-1)?.choices[0]?.finish_reason, 'stop');
  assert.ok(choiceChunks.slice(0, -1).every((chunk) => chunk.choices[0]?.finish_reason === null));
});

test('stream usage arrives once, last, with cache reads and writes counted in prompt_tokens', async () => {
  fake.enqueue({ type: 'message', text: 'ok', finish: 'stop', usage: { input: 20, output: 5, cachedInput: 100, cacheWrite: 30 } });
  const chunks = await collect(client.chatStream(ask(), call()));
  const usageChunks = chunks.filter((chunk) => chunk.usage);
  assert.is(usageChunks.length, 1);
  assert.is(usageChunks[0], chunks.at(-1));
  assert.equal(usageChunks[0]?.choices, []);
  assert.equal(usageChunks[0]?.usage, {
    prompt_tokens: 150,
    completion_tokens: 5,
    total_tokens: 155,
    prompt_tokens_details: { cached_tokens: 100, cache_write_tokens: 30 },
  });
});

test('a stream without a metadata event has no usage chunk', async () => {
  fake.enqueue({ type: 'message', text: 'ok', finish: 'stop', usage: { input: 2, output: 1 }, omitStreamUsage: true });
  const chunks = await collect(client.chatStream(ask(), call()));
  assert.ok(chunks.every((chunk) => !chunk.usage && chunk.choices.length === 1));
});

test('parallel tool calls come back whole without stream, with toolConfig sent', async () => {
  fake.enqueue({ type: 'message', text: 'Checking.', toolCalls, finish: 'tool_calls', usage: { input: 50, output: 30 } });
  const completion = await client.chat(ask({ tools, tool_choice: 'required' }), call());
  const message = completion.choices[0]?.message;
  assert.is(message?.content, 'Checking.');
  assert.equal(
    message?.tool_calls?.map((item) => [item.id, item.type, item.function.name, JSON.parse(item.function.arguments)]),
    toolCalls.map((item) => [item.id, 'function', item.name, JSON.parse(item.arguments)]),
  );
  assert.is(completion.choices[0]?.finish_reason, 'tool_calls');
  const seen = fake.lastRequest();
  assert.equal(seen.tools?.map((tool) => [tool.name, tool.description]), [['get_weather', 'Weather'], ['get_time', undefined]]);
  assert.is(seen.toolChoice, 'required');
  assert.equal((seen.body as { toolConfig: { toolChoice: unknown } }).toolConfig.toolChoice, { any: {} });
});

test('streamed tool calls open with id and name, then relay argument pieces as Bedrock sends them', async () => {
  fake.enqueue({ type: 'message', text: 'Let me check.', toolCalls, finish: 'tool_calls', usage: { input: 50, output: 30 }, pieces: 3 });
  const chunks = await collect(client.chatStream(ask({ tools, tool_choice: { type: 'function', function: { name: 'get_weather' } } }), call()));
  assert.equal(fake.lastRequest().toolChoice, { name: 'get_weather' });
  const deltas = chunks.flatMap((chunk) => chunk.choices.flatMap((choice) => choice.delta.tool_calls ?? []));
  for (const [index, expected] of toolCalls.entries()) {
    const mine = deltas.filter((delta) => delta.index === index);
    assert.equal(mine[0], { index, id: expected.id, type: 'function', function: { name: expected.name, arguments: '' } });
    const pieces = mine.slice(1);
    assert.is(pieces.length, 3);
    assert.ok(pieces.every((delta) => delta.id === undefined && delta.function?.name === undefined));
    assert.is(pieces.map((delta) => delta.function?.arguments).join(''), expected.arguments);
  }
  assert.is(chunks.filter((chunk) => chunk.choices.length > 0).at(-1)?.choices[0]?.finish_reason, 'tool_calls');
});

test('tool results go out as one user message of toolResult blocks in the next turn', async () => {
  await client.chat(
    ask({
      tools,
      messages: [
        { role: 'user', content: 'Weather and time in Paris?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: toolCalls.map((item) => ({ id: item.id, type: 'function' as const, function: { name: item.name, arguments: item.arguments } })),
        },
        { role: 'tool', tool_call_id: toolCalls[0]!.id, content: '{"temp":21}' },
        { role: 'tool', tool_call_id: toolCalls[1]!.id, content: '14:05' },
      ],
    }),
    call(),
  );
  const messages = fake.lastRequest().messages;
  assert.is(messages.length, 3);
  assert.equal(messages[1]?.toolCalls, toolCalls.map((item) => ({ id: item.id, name: item.name, arguments: JSON.parse(item.arguments) })));
  assert.equal(messages[2]?.toolResults, [
    { toolCallId: toolCalls[0]!.id, content: '{"temp":21}' },
    { toolCallId: toolCalls[1]!.id, content: '14:05' },
  ]);
});

test('a data URL image goes out as bytes; an http URL is refused before any request', async () => {
  await client.chat(
    ask({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] },
      ],
    }),
    call(),
  );
  assert.equal(fake.lastRequest().messages[0]?.images, [{ base64: 'iVBORw0KGgo=', mediaType: 'image/png' }]);
  const before = fake.requests().length;
  const error = await rejection(
    client.chat(ask({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } }] }] }), call()),
  );
  assert.is(error.code, 'unsupported');
  assert.match(error.message, /data URL/);
  assert.is(fake.requests().length, before);
});

test('JSON schema output, stop sequences, max tokens, temperature and top_p are mapped', async () => {
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

test('stop reasons map to finish reasons', async () => {
  fake.enqueue({ type: 'message', text: 'cut', finish: 'length', usage: { input: 3, output: 1 } });
  assert.is((await client.chat(ask({ max_tokens: 1 }), call())).choices[0]?.finish_reason, 'length');
  fake.enqueue({ type: 'message', text: 'no', finish: 'content_filter', usage: { input: 3, output: 1 } });
  const chunks = await collect(client.chatStream(ask(), call()));
  assert.is(chunks.filter((chunk) => chunk.choices.length > 0).at(-1)?.choices[0]?.finish_reason, 'content_filter');
});

test('non-stream usage keeps total = prompt + completion', async () => {
  fake.enqueue({ type: 'message', text: 'x', finish: 'stop', usage: { input: 7, output: 11, cachedInput: 2 } });
  const usage = (await client.chat(ask(), call())).usage!;
  assert.equal([usage.prompt_tokens, usage.completion_tokens, usage.total_tokens], [9, 11, 20]);
  assert.is(usage.prompt_tokens_details?.cached_tokens, 2);
});

test.run();
