/**
 * The official `cohere-ai` SDK (CohereClientV2) against the fake: proves the fake speaks Cohere's
 * real wire format, both ways (the SDK parses the fake's answers; the fake reads the SDK's requests).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Cohere, CohereClientV2, CohereError } from 'cohere-ai';
import { startCohereFakeUpstream } from './fake-cohere-upstream.ts';

const noRetry = { maxRetries: 0 };

const fake = await startCohereFakeUpstream();
const client = new CohereClientV2({ token: fake.apiKey, environment: fake.provider.baseUrl });
test.after(() => fake.close());
test.before.each(() => fake.reset());

test('chat: the SDK reads a text answer with finish reason and usage', async () => {
  fake.enqueue({ type: 'message', text: 'Paris is the capital.', finish: 'stop', usage: { input: 11, output: 5, cachedInput: 4 } });
  const response = await client.chat(
    {
      model: 'command-a-03-2025',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Capital of France?' },
      ],
      maxTokens: 50,
      temperature: 0.2,
      p: 0.9,
      stopSequences: ['END'],
    },
    noRetry,
  );
  const [part] = response.message.content ?? [];
  assert.is(part?.type, 'text');
  assert.is(part?.type === 'text' ? part.text : '', 'Paris is the capital.');
  assert.is(response.finishReason, 'COMPLETE');
  assert.equal(response.usage?.tokens, { inputTokens: 15, outputTokens: 5 });
  assert.equal(response.usage?.billedUnits, { inputTokens: 11, outputTokens: 5 });
  assert.is(response.usage?.cachedTokens, 4);

  const observed = fake.lastRequest();
  assert.is(observed.path, '/v2/chat');
  assert.is(observed.headers.authorization, `Bearer ${fake.apiKey}`);
  assert.is(observed.model, 'command-a-03-2025');
  assert.is(observed.stream, false);
  assert.is(observed.system, 'Be brief.');
  assert.equal(observed.messages, [{ role: 'user', text: 'Capital of France?' }]);
  assert.is(observed.maxTokens, 50);
  assert.is(observed.temperature, 0.2);
  assert.is(observed.topP, 0.9);
  assert.equal(observed.stop, ['END']);
});

test('chatStream: the SDK reads the event stream from message-start to message-end', async () => {
  fake.enqueue({ type: 'message', text: 'One two three four', finish: 'length', usage: { input: 7, output: 4 }, pieces: 4 });
  const stream = await client.chatStream({ model: 'command-a-03-2025', messages: [{ role: 'user', content: 'Count' }] }, noRetry);
  const types: string[] = [];
  let text = '';
  let finishReason: string | undefined;
  let usage: Cohere.Usage | undefined;
  for await (const event of stream) {
    types.push(event.type);
    if (event.type === 'content-delta') text += event.delta?.message?.content?.text ?? '';
    if (event.type === 'message-end') {
      finishReason = event.delta?.finishReason;
      usage = event.delta?.usage;
    }
  }
  assert.is(types[0], 'message-start');
  assert.is(types[1], 'content-start');
  assert.is(types.at(-1), 'message-end');
  assert.is(types.filter((type) => type === 'content-delta').length, 4);
  assert.is(text, 'One two three four');
  assert.is(finishReason, 'MAX_TOKENS');
  assert.equal(usage?.tokens, { inputTokens: 7, outputTokens: 4 });
  assert.is(fake.lastRequest().stream, true);
});

test('tool call: the SDK reads tool calls and its tool results reach the fake as documents', async () => {
  fake.enqueue({
    type: 'message',
    text: 'I will look up the weather.',
    toolCalls: [{ id: 'get_weather_p1t92w7gfgq7', name: 'get_weather', arguments: '{"location":"Madrid"}' }],
    finish: 'tool_calls',
    usage: { input: 30, output: 12 },
  });
  const tools: Cohere.ToolV2[] = [
    {
      type: 'function',
      function: {
        name: 'get_weather',
        description: 'Weather for a place',
        parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
      },
    },
  ];
  const first = await client.chat(
    { model: 'command-a-03-2025', messages: [{ role: 'user', content: 'Weather in Madrid?' }], tools, toolChoice: 'REQUIRED' },
    noRetry,
  );
  assert.is(first.finishReason, 'TOOL_CALL');
  assert.is(first.message.toolPlan, 'I will look up the weather.');
  const call = first.message.toolCalls?.[0];
  assert.is(call?.id, 'get_weather_p1t92w7gfgq7');
  assert.is(call?.function?.name, 'get_weather');
  assert.equal(JSON.parse(call?.function?.arguments ?? ''), { location: 'Madrid' });
  assert.is(fake.lastRequest().toolChoice, 'required');
  assert.equal(fake.lastRequest().tools?.map((tool) => tool.name), ['get_weather']);

  await client.chat(
    {
      model: 'command-a-03-2025',
      tools,
      messages: [
        { role: 'user', content: 'Weather in Madrid?' },
        { role: 'assistant', toolPlan: first.message.toolPlan, toolCalls: first.message.toolCalls },
        { role: 'tool', toolCallId: 'get_weather_p1t92w7gfgq7', content: [{ type: 'document', document: { data: { temperature: '24C' } } }] },
      ],
    },
    noRetry,
  );
  const [, assistant, tool] = fake.lastRequest().messages;
  assert.equal(assistant.toolCalls, [{ id: 'get_weather_p1t92w7gfgq7', name: 'get_weather', arguments: { location: 'Madrid' } }]);
  assert.is(assistant.text, 'I will look up the weather.');
  assert.equal(tool.toolResults, [{ toolCallId: 'get_weather_p1t92w7gfgq7', content: '{"temperature":"24C"}' }]);
});

test('tool call stream: the SDK reads tool-call-start and argument deltas', async () => {
  fake.enqueue({
    type: 'message',
    toolCalls: [
      { id: 'weather_1', name: 'weather', arguments: '{"city":"Paris"}' },
      { id: 'weather_2', name: 'weather', arguments: '{"city":"Rome"}' },
    ],
    finish: 'tool_calls',
    usage: { input: 30, output: 12 },
  });
  const stream = await client.chatStream(
    { model: 'command-a-03-2025', messages: [{ role: 'user', content: 'Weather in Paris and Rome?' }] },
    noRetry,
  );
  const calls: Array<{ id?: string; name?: string; arguments: string }> = [];
  let finishReason: string | undefined;
  for await (const event of stream) {
    if (event.type === 'tool-call-start') {
      const start = event.delta?.message?.toolCalls;
      calls.push({ id: start?.id, name: start?.function?.name ?? undefined, arguments: start?.function?.arguments ?? '' });
    }
    if (event.type === 'tool-call-delta') calls[event.index ?? 0].arguments += event.delta?.message?.toolCalls?.function?.arguments ?? '';
    if (event.type === 'message-end') finishReason = event.delta?.finishReason;
  }
  assert.equal(calls, [
    { id: 'weather_1', name: 'weather', arguments: '{"city":"Paris"}' },
    { id: 'weather_2', name: 'weather', arguments: '{"city":"Rome"}' },
  ]);
  assert.is(finishReason, 'TOOL_CALL');
});

test('stream error: message-end carries finish reason ERROR and the error text', async () => {
  fake.enqueue({ type: 'stream-error', textBefore: 'Partial', message: 'internal server error' });
  const stream = await client.chatStream({ model: 'command-a-03-2025', messages: [{ role: 'user', content: 'Hi' }] }, noRetry);
  let end: Cohere.ChatMessageEndEventDelta | undefined;
  for await (const event of stream) if (event.type === 'message-end') end = event.delta;
  assert.is(end?.finishReason, 'ERROR');
  assert.is(end?.error, 'internal server error');
});

test('embed: the SDK reads float embeddings and billed units', async () => {
  fake.enqueue({ type: 'embeddings', dimensions: 5, usage: { input: 6 } });
  const response = await client.embed(
    { model: 'embed-v4.0', texts: ['hello', 'goodbye'], inputType: 'search_document', embeddingTypes: ['float'] },
    noRetry,
  );
  assert.is(response.embeddings.float?.length, 2);
  assert.is(response.embeddings.float?.[0].length, 5);
  assert.is(response.meta?.billedUnits?.inputTokens, 6);
  const observed = fake.lastRequest();
  assert.is(observed.path, '/v2/embed');
  assert.equal(observed.inputs, ['hello', 'goodbye']);
});

test('errors: a scripted 429 reaches the SDK as TooManyRequestsError with its message and Retry-After', async () => {
  fake.enqueue({ type: 'http-error', status: 429, message: 'You are using a Trial key, which is limited to 10 API calls / minute.', retryAfterSeconds: 3 });
  try {
    await client.chat({ model: 'command-a-03-2025', messages: [{ role: 'user', content: 'Hi' }] }, noRetry);
    assert.unreachable('the call should fail');
  } catch (error) {
    assert.instance(error, Cohere.TooManyRequestsError);
    const typed = error as CohereError;
    assert.is(typed.statusCode, 429);
    assert.equal((typed.body as { message?: string }).message, 'You are using a Trial key, which is limited to 10 API calls / minute.');
    assert.is(typed.rawResponse?.headers.get('retry-after'), '3');
  }
});

test('errors: a wrong key is refused with 401 UnauthorizedError', async () => {
  const stranger = new CohereClientV2({ token: 'wrong-key', environment: fake.provider.baseUrl });
  try {
    await stranger.chat({ model: 'command-a-03-2025', messages: [{ role: 'user', content: 'Hi' }] }, noRetry);
    assert.unreachable('the call should fail');
  } catch (error) {
    assert.instance(error, Cohere.UnauthorizedError);
    assert.is((error as CohereError).statusCode, 401);
    assert.equal(((error as CohereError).body as { message?: string }).message, 'invalid api token');
  }
});

test('errors: 498 and 499 reach the SDK as its InvalidToken and ClientClosedRequest errors', async () => {
  fake.enqueue({ type: 'http-error', status: 498, message: 'invalid token' });
  fake.enqueue({ type: 'http-error', status: 499, message: 'request cancelled' });
  const ask = () => client.chat({ model: 'command-a-03-2025', messages: [{ role: 'user', content: 'Hi' }] }, noRetry);
  await ask().then(() => assert.unreachable('498 should fail'), (error: unknown) => assert.instance(error, Cohere.InvalidTokenError));
  await ask().then(() => assert.unreachable('499 should fail'), (error: unknown) => assert.instance(error, Cohere.ClientClosedRequestError));
});

test.run();
