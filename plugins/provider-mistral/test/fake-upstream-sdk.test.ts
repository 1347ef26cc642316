/**
 * The official `@mistralai/mistralai` SDK against the fake: proves the fake speaks Mistral's real
 * wire format, both ways (the SDK validates the fake's answers; the fake reads the SDK's requests).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Mistral } from '@mistralai/mistralai';
import { HTTPValidationError, MistralError } from '@mistralai/mistralai/models/errors';
import { startMistralFakeUpstream } from './fake-mistral-upstream.ts';

const fake = await startMistralFakeUpstream();
const client = new Mistral({ apiKey: fake.apiKey, serverURL: fake.origin });
test.after(() => fake.close());
test.before.each(() => fake.reset());

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

test('chat.complete: the SDK reads a text answer with usage', async () => {
  fake.enqueue({ type: 'message', text: 'Paris.', finish: 'stop', usage: { input: 12, output: 3, cachedInput: 4 } });
  const response = await client.chat.complete({
    model: 'mistral-small-latest',
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Capital of France?' },
    ],
    temperature: 0.2,
    topP: 0.9,
    maxTokens: 20,
    stop: ['END'],
    randomSeed: 7,
  });
  assert.is(response.choices[0].message?.content, 'Paris.');
  assert.is(response.choices[0].finishReason, 'stop');
  assert.is(response.usage.promptTokens, 16);
  assert.is(response.usage.completionTokens, 3);
  assert.is(response.usage.totalTokens, 19);
  assert.is(response.model, 'mistral-small-latest');

  const observed = fake.lastRequest();
  assert.is(observed.path, '/v1/chat/completions');
  assert.is(observed.headers.authorization, `Bearer ${fake.apiKey}`);
  assert.is(observed.stream, false);
  assert.is(observed.system, 'Be brief.');
  assert.equal(observed.messages, [{ role: 'user', text: 'Capital of France?' }]);
  assert.is(observed.temperature, 0.2);
  assert.is(observed.topP, 0.9);
  assert.is(observed.maxTokens, 20);
  assert.equal(observed.stop, ['END']);
  assert.is((observed.body as { random_seed?: number }).random_seed, 7);
});

test('chat.stream: the SDK reads text pieces, the finish reason and usage on the last chunk', async () => {
  fake.enqueue({ type: 'message', text: 'One two three', finish: 'length', usage: { input: 5, output: 3 }, pieces: 3 });
  const stream = await client.chat.stream({ model: 'mistral-small-latest', messages: [{ role: 'user', content: 'Count' }] });
  const texts: string[] = [];
  let finishReason: string | null | undefined;
  let totalTokens: number | undefined;
  for await (const event of stream) {
    const [choice] = event.data.choices;
    if (typeof choice?.delta.content === 'string' && choice.delta.content !== '') texts.push(choice.delta.content);
    if (choice?.finishReason) finishReason = choice.finishReason;
    if (event.data.usage) totalTokens = event.data.usage.totalTokens;
  }
  assert.equal(texts, ['One t', 'wo th', 'ree']);
  assert.is(finishReason, 'length');
  assert.is(totalTokens, 8);
  assert.is(fake.lastRequest().stream, true);
});

test('scripted thinking chunks are what the SDK models: a ThinkChunk with text inside, then text', async () => {
  const base = { id: 'c0ffee0123456789abcdef0123456789', object: 'chat.completion.chunk', created: 1769088912, model: 'magistral-medium-2507' };
  fake.enqueue({
    type: 'chunks',
    done: true,
    chunks: [
      { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: [{ type: 'thinking', thinking: [{ type: 'text', text: 'Hmm.' }] }] }, finish_reason: null }] },
      { ...base, choices: [{ index: 0, delta: { content: [{ type: 'text', text: '4' }] }, finish_reason: 'stop' }], usage: { prompt_tokens: 3, total_tokens: 9, completion_tokens: 6 } },
    ],
  });
  const stream = await client.chat.stream({ model: 'magistral-medium-2507', messages: [{ role: 'user', content: '2+2?' }] });
  const contents: unknown[] = [];
  for await (const event of stream) contents.push(event.data.choices[0]?.delta.content);
  assert.equal(contents, [[{ type: 'thinking', thinking: [{ type: 'text', text: 'Hmm.' }] }], [{ type: 'text', text: '4' }]]);
});

test('tool call: the SDK reads a call; its next turn with the result reaches the fake', async () => {
  fake.enqueue({
    type: 'message',
    toolCalls: [{ id: 'gSIMJiOkT', name: 'get_weather', arguments: '{"city":"Paris"}' }],
    finish: 'tool_calls',
    usage: { input: 30, output: 10 },
  });
  const first = await client.chat.complete({
    model: 'mistral-small-latest',
    messages: [{ role: 'user', content: 'Weather in Paris?' }],
    tools: [weatherTool],
    toolChoice: 'any',
  });
  const call = first.choices[0].message?.toolCalls?.[0];
  assert.is(first.choices[0].finishReason, 'tool_calls');
  assert.is(call?.id, 'gSIMJiOkT');
  assert.is(call?.function.name, 'get_weather');
  assert.equal(JSON.parse(String(call?.function.arguments)), { city: 'Paris' });
  assert.is(fake.lastRequest().toolChoice, 'required');

  await client.chat.complete({
    model: 'mistral-small-latest',
    tools: [weatherTool],
    messages: [
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'assistant', content: '', toolCalls: [{ id: 'gSIMJiOkT', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
      { role: 'tool', toolCallId: 'gSIMJiOkT', name: 'get_weather', content: '18C and sunny' },
    ],
  });
  const [, assistant, tool] = fake.lastRequest().messages;
  assert.equal(assistant.toolCalls, [{ id: 'gSIMJiOkT', name: 'get_weather', arguments: { city: 'Paris' } }]);
  assert.equal(tool.toolResults, [{ toolCallId: 'gSIMJiOkT', content: '18C and sunny' }]);
});

test('tool call stream: the SDK reads the call id, name and argument pieces', async () => {
  fake.enqueue({
    type: 'message',
    toolCalls: [{ id: 'abcDEF123', name: 'get_weather', arguments: '{"city":"Paris"}' }],
    finish: 'tool_calls',
    usage: { input: 30, output: 10 },
  });
  const stream = await client.chat.stream({ model: 'mistral-small-latest', messages: [{ role: 'user', content: 'Weather?' }], tools: [weatherTool] });
  let id: string | undefined;
  let name = '';
  let args = '';
  for await (const event of stream) {
    for (const call of event.data.choices[0]?.delta.toolCalls ?? []) {
      id ??= call.id;
      name += call.function.name;
      args += typeof call.function.arguments === 'string' ? call.function.arguments : JSON.stringify(call.function.arguments);
    }
  }
  assert.is(id, 'abcDEF123');
  assert.is(name, 'get_weather');
  assert.equal(JSON.parse(args), { city: 'Paris' });
});

test('embeddings.create: the SDK reads vectors and usage', async () => {
  fake.enqueue({ type: 'embeddings', dimensions: 4, usage: { input: 6 } });
  const response = await client.embeddings.create({ model: 'mistral-embed', inputs: ['hello', 'world'] });
  assert.is(response.data.length, 2);
  assert.is(response.data[0].embedding?.length, 4);
  assert.is(response.usage.promptTokens, 6);
  assert.equal(fake.lastRequest().inputs, ['hello', 'world']);
});

test('errors: a scripted 429 reaches the SDK as MistralError with status, body and Retry-After', async () => {
  fake.enqueue({ type: 'http-error', status: 429, message: 'Requests rate limit exceeded', retryAfterSeconds: 4 });
  try {
    await client.chat.complete({ model: 'mistral-small-latest', messages: [{ role: 'user', content: 'Hi' }] });
    assert.unreachable('the call should fail');
  } catch (error) {
    assert.instance(error, MistralError);
    const typed = error as MistralError;
    assert.is(typed.statusCode, 429);
    assert.is(JSON.parse(typed.body).message, 'Requests rate limit exceeded');
    assert.is(typed.headers.get('retry-after'), '4');
  }
});

test('errors: a wrong key gets Mistral 401 body', async () => {
  const stranger = new Mistral({ apiKey: 'wrong', serverURL: fake.origin });
  try {
    await stranger.chat.complete({ model: 'mistral-small-latest', messages: [{ role: 'user', content: 'Hi' }] });
    assert.unreachable('the call should fail');
  } catch (error) {
    assert.instance(error, MistralError);
    assert.is((error as MistralError).statusCode, 401);
    assert.is(JSON.parse((error as MistralError).body).message, 'Unauthorized');
  }
});

test('errors: a field Mistral does not know is a 422 the SDK reads as HTTPValidationError', async () => {
  const response = await fetch(`${fake.provider.baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${fake.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'mistral-small-latest', messages: [{ role: 'user', content: 'Hi', name: 'ada' }], user: 'u1' }),
  });
  assert.is(response.status, 422);
  const body = (await response.json()) as { message: { detail: Array<{ loc: unknown[]; type: string }> } };
  assert.equal(body.message.detail.map((item) => [item.type, item.loc]), [
    ['extra_forbidden', ['body', 'user']],
    ['extra_forbidden', ['body', 'messages', 0, 'user', 'name']],
  ]);

  fake.enqueue({ type: 'http-error', status: 422, message: 'Input should be a valid number' });
  try {
    await client.chat.complete({ model: 'mistral-small-latest', messages: [{ role: 'user', content: 'Hi' }] });
    assert.unreachable('the call should fail');
  } catch (error) {
    assert.instance(error, HTTPValidationError);
    assert.is((error as HTTPValidationError).statusCode, 422);
  }
});

test('errors: a tool call id that is not nine alphanumerics is refused with 400', async () => {
  try {
    await client.chat.complete({
      model: 'mistral-small-latest',
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: '', toolCalls: [{ id: 'call_1234567', type: 'function', function: { name: 'f', arguments: '{}' } }] },
        { role: 'tool', toolCallId: 'call_1234567', content: 'ok' },
      ],
    });
    assert.unreachable('the call should fail');
  } catch (error) {
    assert.instance(error, MistralError);
    assert.is((error as MistralError).statusCode, 400);
    assert.match(JSON.parse((error as MistralError).body).message, /must be a-z, A-Z, 0-9, with a length of 9/);
  }
});

test.run();
