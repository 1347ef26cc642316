/**
 * The official Google Gen AI SDK (`@google/genai`) as a client of the fake: proves the fake speaks the
 * real Gemini wire format (paths, auth header, JSON and SSE bodies, error bodies) and reads requests
 * back correctly.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ApiError, FinishReason, FunctionCallingConfigMode, GoogleGenAI } from '@google/genai';
import { startGeminiFakeUpstream } from './fake-gemini-upstream.ts';
import { malformedFunctionCallResponse } from './fake/gemini-reply-bodies.ts';

const fake = await startGeminiFakeUpstream();
const ai = new GoogleGenAI({ apiKey: fake.apiKey, httpOptions: { baseUrl: fake.provider.baseUrl } });
test.after(() => fake.close());
test.before.each(() => fake.reset());

async function rejection(work: Promise<unknown>): Promise<ApiError> {
  try {
    await work;
  } catch (error) {
    assert.instance(error, ApiError);
    return error as ApiError;
  }
  throw new Error('expected the SDK to throw');
}

test('generateContent: the SDK reads text, finish reason and usage', async () => {
  fake.enqueue({ type: 'message', text: 'Paris.', finish: 'stop', usage: { input: 12, output: 3, cachedInput: 4 } });
  const response = await ai.models.generateContent({
    model: 'gemini-2.5-flash',
    contents: 'Capital of France?',
    config: { systemInstruction: 'Answer briefly.', temperature: 0.2, maxOutputTokens: 50, stopSequences: ['END'] },
  });
  assert.is(response.text, 'Paris.');
  assert.is(response.candidates?.[0]?.finishReason, 'STOP');
  assert.is(response.usageMetadata?.promptTokenCount, 16);
  assert.is(response.usageMetadata?.cachedContentTokenCount, 4);
  assert.is(response.usageMetadata?.candidatesTokenCount, 3);

  const seen = fake.lastRequest();
  assert.is(seen.path, '/v1beta/models/gemini-2.5-flash:generateContent');
  assert.is(seen.headers['x-goog-api-key'], fake.apiKey);
  assert.is(seen.model, 'gemini-2.5-flash');
  assert.is(seen.stream, false);
  assert.is(seen.system, 'Answer briefly.');
  assert.equal(seen.messages, [{ role: 'user', text: 'Capital of France?' }]);
  assert.is(seen.temperature, 0.2);
  assert.is(seen.maxTokens, 50);
  assert.equal(seen.stop, ['END']);
});

test('generateContentStream: the SDK receives the text in pieces over SSE', async () => {
  fake.enqueue({ type: 'message', text: 'one two three four', finish: 'stop', usage: { input: 5, output: 4 }, pieces: 4 });
  const stream = await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'Count' });
  const texts: string[] = [];
  let last;
  for await (const chunk of stream) {
    texts.push(chunk.text ?? '');
    last = chunk;
  }
  assert.is(texts.length, 4);
  assert.is(texts.join(''), 'one two three four');
  assert.is(last?.candidates?.[0]?.finishReason, 'STOP');
  assert.is(last?.usageMetadata?.candidatesTokenCount, 4);
  const seen = fake.lastRequest();
  assert.is(seen.path, '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
  assert.is(seen.stream, true);
});

test('function calling: declarations and tool config go out, function calls come back', async () => {
  fake.enqueue({
    type: 'message',
    toolCalls: [
      { id: 'fc-1', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { id: 'fc-2', name: 'get_weather', arguments: '{"city":"Rome"}' },
    ],
    finish: 'tool_calls',
    usage: { input: 30, output: 12 },
  });
  const parameters = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
  const response = await ai.models.generateContent({
    model: 'gemini-2.5-flash',
    contents: 'Weather in Paris and Rome?',
    config: {
      tools: [{ functionDeclarations: [{ name: 'get_weather', description: 'Weather by city', parametersJsonSchema: parameters }] }],
      toolConfig: { functionCallingConfig: { mode: FunctionCallingConfigMode.ANY, allowedFunctionNames: ['get_weather'] } },
    },
  });
  const calls = response.functionCalls ?? [];
  assert.equal(
    calls.map((call) => [call.id, call.name, call.args]),
    [
      ['fc-1', 'get_weather', { city: 'Paris' }],
      ['fc-2', 'get_weather', { city: 'Rome' }],
    ],
  );
  assert.type(response.candidates?.[0]?.content?.parts?.[0]?.thoughtSignature, 'string');
  const seen = fake.lastRequest();
  assert.equal(seen.tools, [{ name: 'get_weather', description: 'Weather by city', parameters }]);
  assert.equal(seen.toolChoice, { name: 'get_weather' });
});

test('function results in the next turn are read back as tool results', async () => {
  await ai.models.generateContent({
    model: 'gemini-2.5-flash',
    contents: [
      { role: 'user', parts: [{ text: 'Weather in Paris?' }] },
      { role: 'model', parts: [{ functionCall: { id: 'fc-1', name: 'get_weather', args: { city: 'Paris' } } }] },
      { role: 'user', parts: [{ functionResponse: { id: 'fc-1', name: 'get_weather', response: { output: 'Sunny, 21 C' } } }] },
    ],
  });
  const [, assistant, tool] = fake.lastRequest().messages;
  assert.equal(assistant, { role: 'assistant', toolCalls: [{ id: 'fc-1', name: 'get_weather', arguments: { city: 'Paris' } }] });
  assert.equal(tool, { role: 'tool', toolResults: [{ toolCallId: 'fc-1', content: 'Sunny, 21 C' }] });
});

test('a malformed function call: the SDK reads the finish reason of a candidate with empty content', async () => {
  fake.enqueue({ type: 'gemini', body: malformedFunctionCallResponse('gemini-2.5-flash') });
  const response = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Weather in Paris?' });
  const [candidate] = response.candidates ?? [];
  assert.is(candidate?.finishReason, FinishReason.MALFORMED_FUNCTION_CALL);
  assert.equal(candidate?.content, {});
  assert.is(response.functionCalls, undefined);
  assert.is(response.usageMetadata?.promptTokenCount, 42);
});

test('embedContent: several contents go through batchEmbedContents', async () => {
  fake.enqueue({ type: 'embeddings', dimensions: 6, usage: { input: 7 } });
  const response = await ai.models.embedContent({ model: 'gemini-embedding-001', contents: ['first text', 'second text'] });
  assert.is(response.embeddings?.length, 2);
  assert.is(response.embeddings?.[0]?.values?.length, 6);
  assert.not.equal(response.embeddings?.[0]?.values, response.embeddings?.[1]?.values);
  const seen = fake.lastRequest();
  assert.is(seen.path, '/v1beta/models/gemini-embedding-001:batchEmbedContents');
  assert.equal(seen.inputs, ['first text', 'second text']);
});

test('models.list: the SDK pages through the model list', async () => {
  fake.setModels(['gemini-2.5-flash', 'gemini-2.5-pro', 'text-embedding-004']);
  const pager = await ai.models.list({ config: { pageSize: 2 } });
  const names: string[] = [];
  for await (const model of pager) names.push(model.name ?? '');
  assert.equal(names, ['models/gemini-2.5-flash', 'models/gemini-2.5-pro', 'models/text-embedding-004']);
});

test('an error status reaches the SDK as ApiError with the Google error body', async () => {
  fake.enqueue({ type: 'http-error', status: 429, message: 'Resource has been exhausted (e.g. check quota).', retryAfterSeconds: 7 });
  const error = await rejection(ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Hi' }));
  assert.is(error.status, 429);
  const body = JSON.parse(error.message) as { error: { status: string; details: Array<Record<string, unknown>> } };
  assert.is(body.error.status, 'RESOURCE_EXHAUSTED');
  assert.ok(body.error.details.some((detail) => detail.retryDelay === '7s'));
});

test('a wrong API key is refused as Google does: 400 API_KEY_INVALID', async () => {
  const stranger = new GoogleGenAI({ apiKey: 'AIzaSy-wrong', httpOptions: { baseUrl: fake.provider.baseUrl } });
  const error = await rejection(stranger.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Hi' }));
  assert.is(error.status, 400);
  assert.match(error.message, 'API_KEY_INVALID');
});

test('an in-stream error event makes the SDK throw mid-stream', async () => {
  fake.enqueue({ type: 'stream-error', textBefore: 'Partial', message: 'An internal error has occurred.' });
  const texts: string[] = [];
  const error = await rejection(
    (async () => {
      for await (const chunk of await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'Hi' })) {
        texts.push(chunk.text ?? '');
      }
    })(),
  );
  assert.equal(texts, ['Partial']);
  assert.is(error.status, 500);
});

test.run();
