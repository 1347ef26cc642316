/**
 * createOpenAICompatibleClient against the fake OpenAI upstream (provider-openai's test fake, which
 * speaks OpenAI's wire format and is checked against the official SDK).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHttpClient } from '../src/http-client.ts';
import { silentLogger } from '../src/logger.ts';
import {
  createOpenAICompatibleClient,
  createOpenAICompatibleClientKeepingRawJson,
  type OpenAICompatibleOptions,
} from '../src/openai-compatible-client.ts';
import { ProviderError } from '../src/provider-error.ts';
import { rawJsonOf } from '../src/raw-json.ts';
import { rawJsonEventsOf } from '../src/raw-json-events.ts';
import type { ChatCompletionChunk, ChatCompletionRequest } from '../src/openai/index.ts';
import type { ProviderClient } from '../src/provider-plugin.ts';
import { startOpenAIFakeUpstream, type OpenAIFakeUpstream } from '../../../plugins/provider-openai/test/fake-openai-upstream.ts';

let fake: OpenAIFakeUpstream;
const http = createHttpClient();

test.before(async () => {
  fake = await startOpenAIFakeUpstream();
});
test.before.each(() => fake.reset());
test.after(async () => {
  await fake.close();
  await http.close();
});

function clientWith(overrides: Partial<Omit<OpenAICompatibleOptions, 'context'>> = {}, keepRawJson = false): ProviderClient {
  return (keepRawJson ? createOpenAICompatibleClientKeepingRawJson : createOpenAICompatibleClient)({
    context: {
      provider: { id: 'p1', name: 'Test', type: 'openai' },
      baseUrl: fake.provider.baseUrl,
      credentials: fake.provider.credentials,
      options: {},
      pluginOptions: {},
      http,
      logger: silentLogger,
    },
    providerLabel: 'Test provider',
    headers: () => ({ authorization: `Bearer ${fake.apiKey}` }),
    streamUsage: true,
    ...overrides,
  });
}

const call = (signal: AbortSignal = new AbortController().signal) => ({ signal, requestId: 'req-test-1' });
const request = (fields: Partial<ChatCompletionRequest> = {}): ChatCompletionRequest => ({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'Hello' }],
  ...fields,
});

async function collect(stream: AsyncIterable<ChatCompletionChunk>, into: ChatCompletionChunk[] = []): Promise<ChatCompletionChunk[]> {
  for await (const chunk of stream) into.push(chunk);
  return into;
}

async function rejection(work: Promise<unknown>): Promise<ProviderError> {
  try {
    await work;
  } catch (error) {
    assert.ok(ProviderError.isInstance(error), `expected a ProviderError, got ${String(error)}`);
    return error as ProviderError;
  }
  throw new Error('expected the call to fail');
}

test('chat posts to chat/completions with the headers, the request id and stream: false', async () => {
  fake.enqueue({ type: 'message', text: 'Hi!', finish: 'stop', usage: { input: 3, output: 2 } });
  const completion = await clientWith().chat(request(), call());
  assert.is(completion.choices[0].message.content, 'Hi!');
  const observed = fake.lastRequest();
  assert.is(observed.path, '/v1/chat/completions');
  assert.is(observed.headers.authorization, `Bearer ${fake.apiKey}`);
  assert.is(observed.headers['x-request-id'], 'req-test-1');
  assert.is(observed.headers['content-type'], 'application/json');
  assert.is((observed.body as { stream?: unknown }).stream, false);
});

test('unknown request fields reach the upstream untouched, and unknown answer fields come back', async () => {
  const extras = { logit_bias: { '50256': -100 }, metadata: { team: 'a' }, vendor_extension: { nested: [1, { deep: true }] } };
  const completion = await clientWith().chat(request(extras), call());
  const body = fake.lastRequest().body as Record<string, unknown>;
  assert.equal(
    { logit_bias: body.logit_bias, metadata: body.metadata, vendor_extension: body.vendor_extension },
    extras,
  );
  assert.is(completion.service_tier, 'default');
  assert.match(String(completion.system_fingerprint), /^fp_/);
});

test('streams ask for usage upstream even when the caller did not, keeping other stream options', async () => {
  fake.enqueue({ type: 'message', text: 'abc', finish: 'stop', usage: { input: 4, output: 3 } });
  const chunks = await collect(
    clientWith().chatStream(request({ stream: true, stream_options: { include_obfuscation: false } }), call()),
  );
  assert.equal((fake.lastRequest().body as { stream_options?: unknown }).stream_options, {
    include_obfuscation: false,
    include_usage: true,
  });
  const last = chunks.at(-1)!;
  assert.equal(last.choices, []);
  assert.is(last.usage?.total_tokens, 7);
  assert.ok(chunks.every((chunk) => !('obfuscation' in chunk)), 'include_obfuscation: false reached the upstream');
});

test('with streamUsage off, stream_options is left as the caller sent it', async () => {
  const chunks = await collect(clientWith({ streamUsage: false }).chatStream(request({ stream: true }), call()));
  assert.is((fake.lastRequest().body as { stream_options?: unknown }).stream_options, undefined);
  assert.ok(chunks.every((chunk) => chunk.usage == null));
  assert.ok(chunks.some((chunk) => typeof chunk.obfuscation === 'string'), 'unknown chunk fields are passed through');
});

test('the stream ends at [DONE], with the chunks as OpenAI sent them', async () => {
  fake.enqueue({ type: 'message', text: 'one two', finish: 'stop', usage: { input: 4, output: 2 }, pieces: 2 });
  const chunks = await collect(clientWith().chatStream(request({ stream: true }), call()));
  assert.equal(chunks[0].choices[0].delta, { role: 'assistant', content: '', refusal: null });
  assert.is(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join(''), 'one two');
  assert.is(chunks.length, 5, 'role, two pieces, finish, usage');
});

test('HTTP errors map to ProviderError codes, with the provider code and Retry-After', async () => {
  const client = clientWith();
  fake.enqueue({ type: 'http-error', status: 401, message: 'Incorrect API key provided' });
  const unauthorized = await rejection(client.chat(request(), call()));
  assert.equal([unauthorized.code, unauthorized.retryable, unauthorized.providerCode], ['authentication', false, 'invalid_api_key']);
  fake.enqueue({ type: 'http-error', status: 429, message: 'Rate limit reached', retryAfterSeconds: 4 });
  const limited = await rejection(client.chat(request(), call()));
  assert.equal([limited.code, limited.retryable, limited.retryAfterMs, limited.message], ['rate_limit', true, 4000, 'Rate limit reached']);
  fake.enqueue({ type: 'http-error', status: 400, message: "This model's maximum context length is 128000 tokens." });
  assert.is((await rejection(client.chat(request(), call()))).code, 'context_length');
  fake.enqueue({ type: 'http-error', status: 503, message: 'The engine is currently overloaded' });
  assert.is((await rejection(client.chat(request(), call()))).code, 'overloaded');
});

test('a wrong key answered by the upstream is an authentication error without the key', async () => {
  const client = clientWith({ headers: () => ({ authorization: 'Bearer sk-not-the-right-key-123456' }) });
  const error = await rejection(client.chat(request(), call()));
  assert.is(error.code, 'authentication');
  assert.not.ok(error.message.includes('sk-not-the-right-key-123456'));
});

test('classifyError can refine the code', async () => {
  fake.enqueue({ type: 'http-error', status: 400, message: 'flagged by the safety system' });
  const client = clientWith({ classifyError: (status, details) => (details.message?.includes('safety') ? 'content_filter' : undefined) });
  assert.is((await rejection(client.chat(request(), call()))).code, 'content_filter');
});

test('an HTTP error on a stream is thrown before output', async () => {
  fake.enqueue({ type: 'http-error', status: 500, message: 'boom' });
  const chunks: ChatCompletionChunk[] = [];
  const error = await rejection(collect(clientWith().chatStream(request({ stream: true }), call()), chunks));
  assert.equal([error.code, error.phase, chunks.length], ['server', 'before-output', 0]);
});

test('an in-stream error event before any chunk is phase before-output', async () => {
  fake.enqueue({ type: 'stream-error', textBefore: '', message: 'Upstream model failed' });
  const error = await rejection(collect(clientWith().chatStream(request({ stream: true }), call())));
  assert.equal([error.code, error.phase, error.message], ['server', 'before-output', 'Upstream model failed']);
  assert.is(error.retryable, true);
});

test('an in-stream error event after chunks is phase mid-stream', async () => {
  fake.enqueue({ type: 'stream-error', textBefore: 'Partial', message: 'Upstream model failed' });
  const chunks: ChatCompletionChunk[] = [];
  const error = await rejection(collect(clientWith().chatStream(request({ stream: true }), call()), chunks));
  assert.is(error.phase, 'mid-stream');
  assert.is(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join(''), 'Partial');
});

test('a stream event that is not JSON is invalid_response', async () => {
  fake.enqueue({ type: 'raw', status: 200, headers: { 'content-type': 'text/event-stream' }, body: ['data: {not json\n\n'] });
  const error = await rejection(collect(clientWith().chatStream(request({ stream: true }), call())));
  assert.is(error.code, 'invalid_response');
});

test('a stream event that never ends fails with invalid_response after 16 MiB, in raw mode with runs too', async () => {
  const endless = ['data: {"id":"c","choices":[{"index":0,"delta":{"content":"', ...Array.from({ length: 17 }, () => 'x'.repeat(1024 * 1024))];
  fake.enqueue({ type: 'raw', status: 200, headers: { 'content-type': 'text/event-stream' }, body: endless });
  const error = await rejection(collect(clientWith().chatStream(request({ stream: true }), call())));
  assert.is(error.code, 'invalid_response');
  assert.match(error.message, /16 MiB/);

  const first = 'data: {"id":"c","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}\n\n';
  fake.enqueue({ type: 'raw', status: 200, headers: { 'content-type': 'text/event-stream' }, body: [first, ...endless] });
  const raw = rawJsonEventsOf(clientWith().chatStream(request({ stream: true }), call()))!;
  raw.runs?.();
  const failure = await rejection((async () => {
    for (let step = await raw.next(); !step.done; step = await raw.next());
  })());
  assert.is(failure.code, 'invalid_response');
  assert.is(failure.phase, 'mid-stream');
});

test('kept raw JSON (internal): a whole answer carries the exact JSON text it was read from', async () => {
  const body = '{ "id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "m", "choices": [{"index":0,"message":{"role":"assistant","content":"caf\\u00e9"},"finish_reason":"stop"}], "extra": {"kept": true} }';
  fake.enqueue({ type: 'raw', status: 200, headers: { 'content-type': 'application/json' }, body });
  const completion = await clientWith({}, true).chat(request(), call());
  assert.is(rawJsonOf(completion), body);
  assert.is(completion.choices[0].message.content, 'café');
});

test('the public client marks nothing, so a plugin may change its answers and chunks in place', async () => {
  const body = '{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"a"},"finish_reason":"stop"}]}';
  fake.enqueue({ type: 'raw', status: 200, headers: { 'content-type': 'application/json' }, body });
  const completion = await clientWith().chat(request(), call());
  assert.is(rawJsonOf(completion), undefined);
  fake.enqueue({ type: 'raw', status: 200, headers: { 'content-type': 'text/event-stream' }, body: [sse(rawChunk('a'), '[DONE]')] });
  const chunks = await collect(clientWith().chatStream(request({ stream: true }), call()));
  assert.equal(chunks.map((chunk) => rawJsonOf(chunk)), [undefined]);
});

test('a 200 whose body is not JSON is invalid_response', async () => {
  fake.enqueue({ type: 'raw', status: 200, headers: { 'content-type': 'application/json' }, body: '<html>oops</html>' });
  assert.is((await rejection(clientWith().chat(request(), call()))).code, 'invalid_response');
});

test('url and mapRequestBody let a provider move endpoints and adjust bodies', async () => {
  const client = clientWith({
    url: (endpoint, model) => `${fake.provider.baseUrl}/${endpoint}?deployment=${model}`,
    mapRequestBody: (_endpoint, body) => {
      const { user: _dropped, ...rest } = body;
      return { ...rest, renamed: true };
    },
  });
  await client.chat(request({ user: 'u-1' }), call());
  const observed = fake.lastRequest();
  assert.is(observed.path, '/v1/chat/completions?deployment=gpt-4o-mini');
  const body = observed.body as Record<string, unknown>;
  assert.is(body.user, undefined);
  assert.is(body.renamed, true);
});

test('completions, whole and streamed', async () => {
  const client = clientWith();
  fake.enqueue({ type: 'message', text: 'a story', finish: 'stop', usage: { input: 2, output: 2 } });
  const whole = await client.completions!({ model: 'gpt-3.5-turbo-instruct', prompt: 'Once' }, call());
  assert.is(whole.choices[0].text, 'a story');
  fake.enqueue({ type: 'message', text: 'a story', finish: 'stop', usage: { input: 2, output: 2 } });
  let text = '';
  let total: number | undefined;
  for await (const chunk of client.completionsStream!({ model: 'gpt-3.5-turbo-instruct', prompt: 'Once' }, call())) {
    text += chunk.choices[0]?.text ?? '';
    total = chunk.usage?.total_tokens ?? total;
  }
  assert.is(text, 'a story');
  assert.is(total, 4);
  assert.is(fake.lastRequest().path, '/v1/completions');
});

test('embeddings, images, models and health', async () => {
  const client = clientWith();
  const embeddings = await client.embeddings!({ model: 'text-embedding-3-small', input: ['a', 'b'] }, call());
  assert.is(embeddings.data.length, 2);
  const images = await client.images!({ model: 'gpt-image-1', prompt: 'a cat' }, call());
  assert.ok(images.data[0].b64_json);
  const models = await client.listModels!(call());
  assert.ok(models.some((model) => model.id === 'gpt-4o' && model.ownedBy === 'system' && typeof model.created === 'number'));
  await client.health!(call());
  assert.is(fake.lastRequest().path, '/v1/models');
});

test('moderations: posted to /moderations with the model and input as given; an upstream 400 is a ProviderError', async () => {
  const client = clientWith();
  const input = [{ type: 'text' as const, text: 'I want to kill them.' }, { type: 'image_url' as const, image_url: { url: 'https://example.com/a.png' } }];
  const answer = await client.moderations!({ model: 'omni-moderation-latest', input }, call());
  assert.is(answer.results.length, 1);
  assert.is(answer.results[0]!.flagged, true);
  assert.is(fake.lastRequest().path, '/v1/moderations');
  assert.equal(fake.lastRequest().body, { model: 'omni-moderation-latest', input });
  const error = await rejection(client.moderations!({ model: 'text-moderation-latest', input }, call()));
  assert.equal([error.status, error.code, error.retryable], [400, 'bad_request', false]);
});

test('aborting ends the call with code aborted and closes the upstream request', async () => {
  fake.enqueue({ type: 'hang' });
  const controller = new AbortController();
  const pending = clientWith().chat(request(), call(controller.signal));
  await fake.waitForRequests(1);
  controller.abort();
  const error = await rejection(pending);
  assert.equal([error.code, error.retryable], ['aborted', false]);
  await fake.clientClosed();
});

test('aborting a stream mid-way ends it with aborted, phase mid-stream', async () => {
  fake.enqueue({ type: 'stream-hang', textBefore: 'Some text' });
  const controller = new AbortController();
  const chunks: ChatCompletionChunk[] = [];
  const stream = clientWith().chatStream(request({ stream: true }), call(controller.signal));
  const error = rejection(
    (async () => {
      for await (const chunk of stream) {
        chunks.push(chunk);
        if (chunks.length === 2) controller.abort();
      }
    })(),
  );
  const failure = await error;
  assert.equal([failure.code, failure.phase], ['aborted', 'mid-stream']);
  await fake.clientClosed();
});

const sse = (...events: string[]): string => events.map((data) => `data: ${data}\n\n`).join('');
const rawChunk = (content: string): string =>
  `{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":${JSON.stringify(content)}},"finish_reason":null}]}`;

test('each parsed chunk carries the exact JSON text it was read from', async () => {
  const spaced = '{ "id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "m", "choices": [] , "usage": {"prompt_tokens":1,"completion_tokens":1,"total_tokens":2} }';
  fake.enqueue({ type: 'raw', status: 200, headers: { 'content-type': 'text/event-stream' }, body: [sse(rawChunk('a'), rawChunk('é')), sse(spaced, '[DONE]')] });
  const chunks = await collect(clientWith({}, true).chatStream(request({ stream: true }), call()));
  assert.equal(chunks.map((chunk) => rawJsonOf(chunk)), [rawChunk('a'), rawChunk('é'), spaced]);
  assert.is(chunks[1].choices[0].delta.content, 'é');
});

test('an event split over several data lines is parsed but not marked (its text is not one line)', async () => {
  fake.enqueue({ type: 'raw', status: 200, headers: { 'content-type': 'text/event-stream' }, body: 'data: {"id":"c1","choices":[],\ndata: "usage":null}\n\ndata: [DONE]\n\n' });
  const chunks = await collect(clientWith({}, true).chatStream(request({ stream: true }), call()));
  assert.equal(chunks, [{ id: 'c1', choices: [], usage: null }]);
  assert.is(rawJsonOf(chunks[0]), undefined);
});

test('chunks read together with a broken event are handed out first, then the failure is mid-stream', async () => {
  fake.enqueue({ type: 'raw', status: 200, headers: { 'content-type': 'text/event-stream' }, body: sse(rawChunk('a'), rawChunk('b'), '{broken') });
  const chunks: ChatCompletionChunk[] = [];
  const error = await rejection(collect(clientWith().chatStream(request({ stream: true }), call()), chunks));
  assert.equal([error.code, error.phase, chunks.length], ['invalid_response', 'mid-stream', 2]);
});

test('an event that is JSON but not an object is invalid_response', async () => {
  fake.enqueue({ type: 'raw', status: 200, headers: { 'content-type': 'text/event-stream' }, body: sse('null') });
  const error = await rejection(collect(clientWith().chatStream(request({ stream: true }), call())));
  assert.equal([error.code, error.phase], ['invalid_response', 'before-output']);
});

test('nothing after [DONE] is handed out', async () => {
  fake.enqueue({ type: 'raw', status: 200, headers: { 'content-type': 'text/event-stream' }, body: sse(rawChunk('a'), '[DONE]', rawChunk('after')) });
  const chunks = await collect(clientWith().chatStream(request({ stream: true }), call()));
  assert.equal(chunks.map((chunk) => chunk.choices[0].delta.content), ['a']);
});

async function collectRaw(stream: AsyncIterable<ChatCompletionChunk>, into: string[] = []): Promise<string[]> {
  const iterator = rawJsonEventsOf(stream);
  assert.ok(iterator, 'the stream offers raw JSON events');
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    assert.ok(next.value.length > 0, 'no empty batches');
    into.push(...next.value);
  }
  return into;
}

test('raw mode: the events are handed out as the upstream wrote them, up to [DONE]', async () => {
  const spaced = '{ "id": "c1", "choices": [] , "usage": {"prompt_tokens":1,"completion_tokens":1,"total_tokens":2} }';
  fake.enqueue({ type: 'raw', status: 200, headers: { 'content-type': 'text/event-stream' }, body: [sse(rawChunk('a'), rawChunk('é')), sse(spaced, '[DONE]', rawChunk('after'))] });
  assert.equal(await collectRaw(clientWith().chatStream(request({ stream: true }), call())), [rawChunk('a'), rawChunk('é'), spaced]);
});

test('raw mode: error events still fail the stream, with the right phase; a chunk that mentions "error" passes', async () => {
  fake.enqueue({ type: 'stream-error', textBefore: 'Partial', message: 'Upstream model failed' });
  const texts: string[] = [];
  const error = await rejection(collectRaw(clientWith().chatStream(request({ stream: true }), call()), texts));
  assert.equal([error.code, error.phase, error.message], ['server', 'mid-stream', 'Upstream model failed']);
  const delivered = texts.map((text) => (JSON.parse(text) as ChatCompletionChunk).choices[0]?.delta.content ?? '').join('');
  assert.is(delivered, 'Partial');

  fake.enqueue({ type: 'raw', status: 200, headers: { 'content-type': 'text/event-stream' }, body: sse(rawChunk('"error"'), '{"error":null,"choices":[]}', '[DONE]') });
  assert.equal(await collectRaw(clientWith().chatStream(request({ stream: true }), call())), [rawChunk('"error"'), '{"error":null,"choices":[]}']);
});

test('a stream body that ends with no event at all (a page, only comments) is invalid_response before output, parsed and raw; [DONE] alone is an empty stream', async () => {
  for (const body of ['<html>Bad gateway</html>', ': keep-alive\r\n\r\n', '']) {
    fake.enqueue({ type: 'raw', status: 200, headers: { 'content-type': 'text/event-stream' }, body });
    const parsed = await rejection(collect(clientWith().chatStream(request({ stream: true }), call())));
    assert.equal([parsed.code, parsed.phase], ['invalid_response', 'before-output'], JSON.stringify(body));
    assert.match(parsed.message, /without sending any event/);
    fake.enqueue({ type: 'raw', status: 200, headers: { 'content-type': 'text/event-stream' }, body });
    const raw = await rejection(collectRaw(clientWith().chatStream(request({ stream: true }), call())));
    assert.equal([raw.code, raw.phase], ['invalid_response', 'before-output'], JSON.stringify(body));
  }
  fake.enqueue({ type: 'raw', status: 200, headers: { 'content-type': 'text/event-stream' }, body: ': keep-alive\n\ndata: [DONE]\n\n' });
  assert.equal(await collect(clientWith().chatStream(request({ stream: true }), call())), []);
});

test('raw mode: an event over several data lines comes out as one line; broken events fail as when parsed', async () => {
  fake.enqueue({ type: 'raw', status: 200, headers: { 'content-type': 'text/event-stream' }, body: 'data: {"id":"c1","choices":[],\ndata: "usage":null}\n\ndata: [DONE]\n\n' });
  assert.equal(await collectRaw(clientWith().chatStream(request({ stream: true }), call())), ['{"id":"c1","choices":[],"usage":null}']);

  fake.enqueue({ type: 'raw', status: 200, headers: { 'content-type': 'text/event-stream' }, body: sse(rawChunk('a'), '{broken') });
  const texts: string[] = [];
  const error = await rejection(collectRaw(clientWith().chatStream(request({ stream: true }), call()), texts));
  assert.equal([error.code, error.phase, texts.length], ['invalid_response', 'mid-stream', 1]);
});

test('raw mode cannot be chosen once the stream is being read', async () => {
  fake.enqueue({ type: 'message', text: 'Hi', finish: 'stop', usage: { input: 1, output: 1 } });
  const stream = clientWith().chatStream(request({ stream: true }), call());
  const iterator = stream[Symbol.asyncIterator]();
  await iterator.next();
  assert.throws(() => rawJsonEventsOf(stream), /before the stream is read/);
  await iterator.return?.();
});

test('thinking_blocks (signed for another provider) are not sent, streamed or not; the rest of the message is', async () => {
  const messages: ChatCompletionRequest['messages'] = [
    { role: 'user', content: 'Hi' },
    { role: 'assistant', content: 'Hello.', thinking_blocks: [{ type: 'thinking', thinking: 'Greet.', signature: 'c2ln' }] },
    { role: 'user', content: 'Again' },
  ];
  fake.enqueue({ type: 'message', text: 'ok', finish: 'stop', usage: { input: 3, output: 1 } });
  await clientWith().chat(request({ messages }), call());
  fake.enqueue({ type: 'message', text: 'ok', finish: 'stop', usage: { input: 3, output: 1 } });
  await collect(clientWith().chatStream(request({ messages, stream: true }), call()));
  for (const seen of fake.requests()) {
    const sent = (seen.body as { messages: Array<Record<string, unknown>> }).messages;
    assert.equal(sent[1], { role: 'assistant', content: 'Hello.' });
  }
  assert.is(fake.requests().length, 2);
  // The caller's request is left as it was.
  assert.ok('thinking_blocks' in messages[1]!);
});

test.run();
