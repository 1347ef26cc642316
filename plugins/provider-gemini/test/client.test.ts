/**
 * The plugin against the fake Gemini upstream over loopback HTTP: chat, streams, tools, vision, JSON output, usage.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ChatCompletionRequest } from '@conduit/plugin-api';
import { call, chat, collect, finishReasons, streamedText, startHarness } from './plugin-harness.ts';

const harness = await startHarness();
const { fake, client } = harness;
test.after(() => harness.close());
test.before.each(() => fake.reset());

test('chat: text answer, request sent to models/{model}:generateContent with x-goog-api-key', async () => {
  fake.enqueue({ type: 'message', text: 'Hi there!', finish: 'stop', usage: { input: 11, output: 3 } });
  const completion = await client.chat(chat({ messages: [{ role: 'system', content: 'Be nice.' }, { role: 'user', content: 'Hello' }] }), call());
  assert.is(completion.object, 'chat.completion');
  assert.is(completion.model, 'gemini-2.5-flash');
  assert.match(completion.id, /^chatcmpl-/);
  assert.is(completion.choices[0]!.message.content, 'Hi there!');
  assert.is(completion.choices[0]!.finish_reason, 'stop');
  assert.equal(completion.usage, { prompt_tokens: 11, completion_tokens: 3, total_tokens: 14 });
  const seen = fake.lastRequest();
  assert.is(seen.path, '/v1beta/models/gemini-2.5-flash:generateContent');
  assert.is(seen.headers['x-goog-api-key'], fake.apiKey);
  assert.is(seen.system, 'Be nice.');
  assert.equal(seen.messages, [{ role: 'user', text: 'Hello' }]);
});

test('stream: role first, text relayed piece by piece, finish on the last choice chunk, usage chunk last', async () => {
  fake.enqueue({ type: 'message', text: 'The quick brown fox', finish: 'stop', usage: { input: 6, output: 5, cachedInput: 2 }, pieces: 4 });
  const chunks = await collect(client.chatStream(chat({ stream: true }), call()));
  assert.is(fake.lastRequest().path, '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
  assert.equal(chunks[0]!.choices[0]!.delta, { role: 'assistant', content: '' });
  const pieces = chunks.filter((chunk) => chunk.choices[0]?.delta.content);
  assert.is(pieces.length, 4);
  assert.is(streamedText(chunks), 'The quick brown fox');
  assert.equal(finishReasons(chunks), ['stop']);
  const withChoices = chunks.filter((chunk) => chunk.choices.length > 0);
  assert.is(withChoices.at(-1)!.choices[0]!.finish_reason, 'stop');
  const last = chunks.at(-1)!;
  assert.equal(last.choices, []);
  assert.equal(last.usage, { prompt_tokens: 8, completion_tokens: 5, total_tokens: 13, prompt_tokens_details: { cached_tokens: 2 } });
  assert.ok(chunks.every((chunk) => chunk.id === chunks[0]!.id && chunk.created === chunks[0]!.created && chunk.model === 'gemini-2.5-flash'));
});

test('stream without usage from Gemini: no usage chunk', async () => {
  fake.enqueue({ type: 'message', text: 'abc', finish: 'stop', usage: { input: 1, output: 1 }, omitStreamUsage: true });
  const chunks = await collect(client.chatStream(chat(), call()));
  assert.is(streamedText(chunks), 'abc');
  assert.ok(chunks.every((chunk) => chunk.usage == null));
});

const weatherTools: ChatCompletionRequest['tools'] = [
  {
    type: 'function',
    function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
  },
];
const twoCalls = [
  { id: 'fc_paris', name: 'get_weather', arguments: '{"city":"Paris"}' },
  { id: 'fc_rome', name: 'get_weather', arguments: '{"city":"Rome"}' },
];

test('tools, non-stream: parallel calls come back as tool_calls; declarations and choice went out', async () => {
  fake.enqueue({ type: 'message', toolCalls: twoCalls, finish: 'tool_calls', usage: { input: 20, output: 10 } });
  const completion = await client.chat(chat({ tools: weatherTools, tool_choice: 'required' }), call());
  const [choice] = completion.choices;
  assert.is(choice!.finish_reason, 'tool_calls');
  assert.is(choice!.message.content, null);
  assert.equal(
    choice!.message.tool_calls?.map((item) => [item.id, item.function.name, JSON.parse(item.function.arguments)]),
    [
      ['fc_paris', 'get_weather', { city: 'Paris' }],
      ['fc_rome', 'get_weather', { city: 'Rome' }],
    ],
  );
  const seen = fake.lastRequest();
  assert.equal(seen.tools, [{ name: 'get_weather', description: 'Weather', parameters: weatherTools[0]!.function.parameters }]);
  assert.is(seen.toolChoice, 'required');
});

test('tools, stream: each call is one delta with index, id, name and its whole arguments', async () => {
  fake.enqueue({ type: 'message', text: 'Checking.', toolCalls: twoCalls, finish: 'tool_calls', usage: { input: 20, output: 10 } });
  const chunks = await collect(client.chatStream(chat({ tools: weatherTools }), call()));
  const deltas = chunks.flatMap((chunk) => chunk.choices.flatMap((choice) => choice.delta.tool_calls ?? []));
  assert.equal(deltas, [
    { index: 0, id: 'fc_paris', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
    { index: 1, id: 'fc_rome', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
  ]);
  assert.is(streamedText(chunks), 'Checking.');
  assert.equal(finishReasons(chunks), ['tool_calls']);
});

test("tool results in the next turn: name recovered by id, and Gemini's thought signature sent back", async () => {
  fake.enqueue({
    type: 'gemini',
    body: {
      candidates: [
        {
          content: { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Oslo' } }, thoughtSignature: 'U0lHLW9zbG8=' }] },
          finishReason: 'STOP',
          index: 0,
        },
      ],
      usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 5, totalTokenCount: 10 },
    },
  });
  const first = await client.chat(chat({ model: 'gemini-3-pro-preview', tools: weatherTools }), call());
  const toolCall = first.choices[0]!.message.tool_calls![0]!;
  assert.match(toolCall.id, /^call_/);

  fake.enqueue({ type: 'message', text: 'It is 12 C in Oslo.', finish: 'stop', usage: { input: 30, output: 8 } });
  const second = await client.chat(
    chat({
      model: 'gemini-3-pro-preview',
      tools: weatherTools,
      messages: [
        { role: 'user', content: 'Weather in Oslo?' },
        { role: 'assistant', content: null, tool_calls: [toolCall] },
        { role: 'tool', tool_call_id: toolCall.id, content: '12 C, rain' },
      ],
    }),
    call(),
  );
  assert.is(second.choices[0]!.message.content, 'It is 12 C in Oslo.');
  const seen = fake.lastRequest();
  assert.equal(seen.messages.slice(1), [
    { role: 'assistant', toolCalls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }] },
    { role: 'tool', toolResults: [{ content: '12 C, rain' }] },
  ]);
  const body = seen.body as { contents: Array<{ parts: Array<{ thoughtSignature?: string; functionResponse?: { name: string } }> }> };
  assert.is(body.contents[1]!.parts[0]!.thoughtSignature, 'U0lHLW9zbG8=');
  assert.is(body.contents[2]!.parts[0]!.functionResponse?.name, 'get_weather');
});

test('vision: a data URL goes inline, an http URL as fileData with a guessed type', async () => {
  await client.chat(
    chat({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in these?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
            { type: 'image_url', image_url: { url: 'http://127.0.0.1:9/pixel.gif' } },
          ],
        },
      ],
    }),
    call(),
  );
  assert.equal(fake.lastRequest().messages, [
    {
      role: 'user',
      text: 'What is in these?',
      images: [
        { base64: 'iVBORw0KGgo=', mediaType: 'image/png' },
        { url: 'http://127.0.0.1:9/pixel.gif', mediaType: 'image/gif' },
      ],
    },
  ]);
});

test('JSON schema output asks for application/json with the schema; json_object without one', async () => {
  const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false };
  fake.enqueue({ type: 'message', text: '{"answer":"42"}', finish: 'stop', usage: { input: 5, output: 5 } });
  const completion = await client.chat(
    chat({ response_format: { type: 'json_schema', json_schema: { name: 'answer', schema, strict: true } } }),
    call(),
  );
  assert.equal(JSON.parse(completion.choices[0]!.message.content ?? ''), { answer: '42' });
  assert.equal(fake.lastRequest().jsonSchema, schema);
  await client.chat(chat({ response_format: { type: 'json_object' } }), call());
  assert.is(fake.lastRequest().jsonObject, true);
  assert.is(fake.lastRequest().jsonSchema, undefined);
});

test('stop sequences and max tokens go out; MAX_TOKENS comes back as length', async () => {
  fake.enqueue({ type: 'message', text: 'Once upon', finish: 'length', usage: { input: 4, output: 2 } });
  const completion = await client.chat(chat({ stop: ['\n', 'END'], max_tokens: 2, temperature: 0, top_p: 0.5 }), call());
  assert.is(completion.choices[0]!.finish_reason, 'length');
  const seen = fake.lastRequest();
  assert.equal(seen.stop, ['\n', 'END']);
  assert.is(seen.maxTokens, 2);
  assert.is(seen.temperature, 0);
  assert.is(seen.topP, 0.5);
});

test('usage invariants: cached tokens inside prompt_tokens, total = prompt + completion', async () => {
  fake.enqueue({ type: 'message', text: 'ok', finish: 'stop', usage: { input: 100, output: 20, cachedInput: 900 } });
  const { usage } = await client.chat(chat(), call());
  assert.equal(usage, { prompt_tokens: 1000, completion_tokens: 20, total_tokens: 1020, prompt_tokens_details: { cached_tokens: 900 } });
});

test('a safety stop comes back as content_filter', async () => {
  fake.enqueue({ type: 'message', text: '', finish: 'content_filter', usage: { input: 4, output: 0 } });
  const completion = await client.chat(chat(), call());
  assert.is(completion.choices[0]!.finish_reason, 'content_filter');
});

test('a prompt blocked in a stream finishes with content_filter', async () => {
  fake.enqueue({ type: 'gemini', events: [{ promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 3, totalTokenCount: 3 } }] });
  const chunks = await collect(client.chatStream(chat(), call()));
  assert.equal(finishReasons(chunks), ['content_filter']);
  assert.is(chunks.at(-1)!.usage?.prompt_tokens, 3);
});

test.run();
