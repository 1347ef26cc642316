/**
 * The /v1 surface driven by the official `openai` SDK through a real gateway to a fake OpenAI
 * upstream: chat, streams, tools, vision, embeddings, completions, models, failover and usage.
 * Registered once per database target.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type OpenAI from 'openai';
import { startOpenAIFakeUpstream, type OpenAIFakeUpstream } from '../../../../plugins/provider-openai/test/fake-openai-upstream.ts';
import { vectorFor } from '../../../../plugins/provider-openai/test/fake-openai/build-embeddings.ts';
import { countTokens } from '../../src/engine/usage/count-tokens.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import type { DatabaseTarget } from '../support/database-targets.ts';

interface Context {
  fake: OpenAIFakeUpstream;
  backup: OpenAIFakeUpstream;
  harness: TestGateway;
  client: OpenAI;
  keyId: string;
}

export function openAISdkSuite(target: DatabaseTarget): void {
  const test = suite<Context>(`openai sdk through the gateway (${target.name})`);

  test.before(async (context) => {
    try {
      await setUp(context);
    } catch (error) {
      // uvu swallows errors thrown by hooks; make them visible.
      console.error(error);
      throw error;
    }
  });

  async function setUp(context: Context): Promise<void> {
    context.fake = await startOpenAIFakeUpstream();
    context.backup = await startOpenAIFakeUpstream();
    context.harness = await startTestGateway({ databaseUrl: await target.freshDatabaseUrl() });
    const { harness, fake, backup } = context;
    const primary = await harness.createOpenAIProvider('primary', fake);
    const secondary = await harness.createOpenAIProvider('secondary', backup);
    await harness.createDeployment({ modelName: 'chat', providerId: primary, providerModel: 'gpt-4o-mini' });
    await harness.createDeployment({ modelName: 'failover', providerId: primary, providerModel: 'gpt-4o-mini', priority: 0 });
    await harness.createDeployment({ modelName: 'failover', providerId: secondary, providerModel: 'gpt-4o', priority: 1 });
    await harness.createDeployment({ modelName: 'embed', providerId: primary, providerModel: 'text-embedding-3-small' });
    await harness.createDeployment({ modelName: 'instruct', providerId: primary, providerModel: 'gpt-3.5-turbo-instruct' });
    await harness.graphql('mutation { createModelCost(input: { model: "chat", inputPerMillion: 1000000, outputPerMillion: 2000000 }) { id } }');
    const key = await harness.createKey();
    context.keyId = key.id;
    context.client = harness.openai(key.key);
  }

  test.after(async ({ harness, fake, backup }) => {
    await harness?.close();
    await fake?.close();
    await backup?.close();
  });

  test.before.each(({ fake, backup }) => {
    fake.reset();
    backup.reset();
  });

  test('a chat completion comes back as the upstream answered, with usage and who served it', async ({ client, fake }) => {
    fake.enqueue({ type: 'message', text: 'Hi there!', finish: 'stop', usage: { input: 12, output: 3 } });
    const { data, response } = await client.chat.completions
      .create({ model: 'chat', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello' }] })
      .withResponse();
    assert.is(data.object, 'chat.completion');
    assert.is(data.choices[0]?.message.content, 'Hi there!');
    assert.is(data.choices[0]?.finish_reason, 'stop');
    assert.equal(data.usage && [data.usage.prompt_tokens, data.usage.completion_tokens, data.usage.total_tokens], [12, 3, 15]);
    assert.is(response.headers.get('x-conduit-provider'), 'primary');
    assert.ok(response.headers.get('x-request-id'));
    const sent = fake.lastRequest();
    assert.is(sent.model, 'gpt-4o-mini');
    assert.is(sent.system, 'Be brief.');
    assert.is(sent.messages[0]?.text, 'Hello');
  });

  test('unknown request fields reach an OpenAI-compatible upstream untouched', async ({ client, fake }) => {
    await client.chat.completions.create({
      model: 'chat',
      messages: [{ role: 'user', content: 'x' }],
      // @ts-expect-error a field the SDK does not know
      vendor_option: { depth: 3 },
    });
    assert.equal((fake.lastRequest().body as Record<string, unknown>).vendor_option, { depth: 3 });
  });

  test('answers and stream events reach the client as the upstream wrote them, byte for byte', async ({ client, fake }) => {
    const answer =
      '{ "id": "chatcmpl-raw", "object": "chat.completion", "created": 1, "model": "gpt-4o-mini", "choices": [{"index":0,"message":{"role":"assistant","content":"caf\\u00e9 \\"ok\\""},"finish_reason":"stop"}], "usage": {"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}, "vendor": {"kept": [1, 2]} }';
    fake.enqueue({ type: 'raw', status: 200, headers: { 'content-type': 'application/json' }, body: answer });
    const whole = await client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'x' }] }).asResponse();
    assert.is(await whole.text(), answer);

    const chunk = (delta: string, extra = ''): string =>
      `{"id":"chatcmpl-raw","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":${delta},"finish_reason":null}]${extra}}`;
    const events = [
      chunk('{"role":"assistant","content":""}', ',"usage":null'),
      chunk('{"content":"caf\\u00e9 "}', ',"usage":null'),
      chunk('{ "content" : "\\"quoted\\" \\\\ back" }', ', "usage" : null'),
      chunk('{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"f","arguments":"{\\"a\\":1}"}}]}', ',"usage":null'),
      '{"id":"chatcmpl-raw","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":4,"completion_tokens":6,"total_tokens":10}}',
    ];
    fake.enqueue({ type: 'raw', status: 200, headers: { 'content-type': 'text/event-stream' }, body: events.map((data) => `data: ${data}\n\n`).join('') + 'data: [DONE]\n\n' });
    const streamed = await client.chat.completions
      .create({ model: 'chat', messages: [{ role: 'user', content: 'x' }], stream: true, stream_options: { include_usage: true } })
      .asResponse();
    const received = (await streamed.text()).split('\n\n').filter(Boolean).map((event) => event.replace(/^data: /, ''));
    assert.equal(received, [...events, '[DONE]']);
  });

  test('a stream relayed in runs across many reads reaches the client byte for byte; unasked usage is dropped', async ({ client, fake }) => {
    const chunk = (delta: string, extra = ',"usage":null'): string =>
      `{"id":"chatcmpl-runs","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":${delta},"finish_reason":null}]${extra}}`;
    const words = ['caf\u00e9', ' "error"', ' \\u00e9', ' usage', ' \u2603', ' plain'];
    const events = [
      chunk('{"role":"assistant","content":""}'),
      ...Array.from({ length: 40 }, (_, index) => chunk(`{"content":${JSON.stringify(words[index % words.length])}}`)),
      '{"id":"chatcmpl-runs","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":null}',
      '{"id":"chatcmpl-runs","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":4,"completion_tokens":41,"total_tokens":45}}',
    ];
    const body = Buffer.from(events.map((data) => `data: ${data}\n\n`).join('') + 'data: [DONE]\n\n');
    // Cut at byte offsets, so reads also end inside multi-byte characters.
    const pieces: Buffer[] = [];
    for (let at = 0; at < body.length; at += 301) pieces.push(body.subarray(at, at + 301));
    const read = async (includeUsage: boolean): Promise<string[]> => {
      fake.setChunkDelay(2);
      fake.enqueue({ type: 'raw', status: 200, headers: { 'content-type': 'text/event-stream' }, body: pieces });
      const streamed = await client.chat.completions
        .create({ model: 'chat', messages: [{ role: 'user', content: 'x' }], stream: true, ...(includeUsage ? { stream_options: { include_usage: true } } : {}) })
        .asResponse();
      return (await streamed.text()).split('\n\n').filter(Boolean).map((event) => event.replace(/^data: /, ''));
    };
    assert.equal(await read(true), [...events, '[DONE]']);
    const withoutUsage = events.slice(0, -1).map((data) => data.replace(/,"usage":null}$/, '}'));
    assert.equal(await read(false), [...withoutUsage, '[DONE]']);
  });

  test('a stream relayed in runs without usage from the upstream is billed for all the text it delivered', async ({ client, fake, harness }) => {
    const words = Array.from({ length: 600 }, (_, index) => ` word${index % 37}`);
    const body =
      words.map((word) => `data: {"id":"chatcmpl-est","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":${JSON.stringify(word)}},"finish_reason":null}]}\n\n`).join('') +
      'data: [DONE]\n\n';
    const pieces: string[] = [];
    for (let at = 0; at < body.length; at += 4000) pieces.push(body.slice(at, at + 4000));
    fake.setChunkDelay(2);
    fake.enqueue({ type: 'raw', status: 200, headers: { 'content-type': 'text/event-stream' }, body: pieces });
    const { response, data: stream } = await client.chat.completions
      .create({ model: 'chat', messages: [{ role: 'user', content: 'count' }], stream: true })
      .withResponse();
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    assert.is(text, words.join(''));
    const requestId = response.headers.get('x-request-id');
    const row = await loggedRow(harness, requestId, 'completionTokens usageEstimated');
    assert.equal(row, { requestId, completionTokens: countTokens(text, 'gpt-4o-mini'), usageEstimated: true });
  });

  test('a stream arrives chunk by chunk; usage is asked upstream and stripped when the client did not ask', async ({ client, fake }) => {
    fake.enqueue({ type: 'message', text: 'one two three four', finish: 'stop', usage: { input: 5, output: 4 }, pieces: 4 });
    const stream = await client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'count' }], stream: true });
    let text = '';
    let chunks = 0;
    let sawUsage = false;
    for await (const chunk of stream) {
      chunks++;
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) sawUsage = true;
    }
    assert.is(text, 'one two three four');
    assert.ok(chunks >= 4);
    assert.not.ok(sawUsage);
    assert.equal((fake.lastRequest().body as { stream_options?: unknown }).stream_options, { include_usage: true });
  });

  test('a stream with include_usage ends with one usage chunk', async ({ client, fake }) => {
    fake.enqueue({ type: 'message', text: 'abc', finish: 'stop', usage: { input: 7, output: 2 } });
    const stream = await client.chat.completions.create({
      model: 'chat',
      messages: [{ role: 'user', content: 'u' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const usages = [];
    let last;
    for await (const chunk of stream) {
      if (chunk.usage) usages.push(chunk.usage);
      last = chunk;
    }
    assert.is(usages.length, 1);
    assert.equal(last?.choices, []);
    assert.is(usages[0]?.total_tokens, 9);
  });

  test('tool calls come back whole, non-stream and stream', async ({ client, fake }) => {
    const tools: OpenAI.Chat.Completions.ChatCompletionTool[] = [
      { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
    ];
    const calls = [
      { id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { id: 'call_2', name: 'get_weather', arguments: '{"city":"Oslo"}' },
    ];
    fake.enqueue({ type: 'message', toolCalls: calls, finish: 'tool_calls', usage: { input: 20, output: 10 } });
    const completion = await client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'weather?' }], tools });
    const toolCalls = completion.choices[0]?.message.tool_calls ?? [];
    assert.equal(
      toolCalls.map((call) => (call.type === 'function' ? [call.id, call.function.name, call.function.arguments] : [])),
      calls.map((call) => [call.id, call.name, call.arguments]),
    );
    assert.is(fake.lastRequest().tools?.[0]?.name, 'get_weather');

    fake.enqueue({ type: 'message', toolCalls: calls, finish: 'tool_calls', usage: { input: 20, output: 10 }, pieces: 3 });
    const runner = client.chat.completions.stream({ model: 'chat', messages: [{ role: 'user', content: 'weather?' }], tools });
    const final = await runner.finalChatCompletion();
    const streamed = final.choices[0]?.message.tool_calls ?? [];
    assert.equal(streamed.map((call) => (call.type === 'function' ? call.function.arguments : '')), calls.map((call) => call.arguments));

    fake.enqueue({ type: 'message', text: 'Sunny in Paris.', finish: 'stop', usage: { input: 30, output: 4 } });
    await client.chat.completions.create({
      model: 'chat',
      tools,
      messages: [
        { role: 'user', content: 'weather?' },
        { role: 'assistant', content: null, tool_calls: toolCalls },
        { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
      ],
    });
    assert.equal(fake.lastRequest().messages[2]?.toolResults, [{ toolCallId: 'call_1', content: 'sunny' }]);
  });

  test('images in user messages reach the upstream', async ({ client, fake }) => {
    await client.chat.completions.create({
      model: 'chat',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          ],
        },
      ],
    });
    const images = fake.lastRequest().messages[0]?.images ?? [];
    assert.is(images.length, 1);
  });

  test('embeddings, legacy completions and the model list work', async ({ client }) => {
    const embeddings = await client.embeddings.create({ model: 'embed', input: ['a', 'b'] });
    assert.is(embeddings.data.length, 2);
    // The fake's vectors are deterministic (16 float32 values per text): the values went through intact.
    assert.equal(embeddings.data.map((item) => item.embedding), [vectorFor('a', 16), vectorFor('b', 16)]);

    const completion = await client.completions.create({ model: 'instruct', prompt: 'Say hi' });
    assert.is(completion.object, 'text_completion');
    assert.is(completion.choices[0]?.text, 'Hello from the fake OpenAI upstream.');

    const models = [];
    for await (const model of client.models.list()) models.push(model.id);
    assert.equal(models.sort(), ['chat', 'embed', 'failover', 'instruct']);
    const one = await client.models.retrieve('chat');
    assert.is(one.id, 'chat');
    assert.is(one.object, 'model');
  });

  test('x-conduit-overhead-ms reports the time spent in the gateway, without the wait on the upstream', async ({ client, fake }) => {
    fake.setDelay(300);
    const started = performance.now();
    const { response } = await client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'x' }] }).withResponse();
    const elapsed = performance.now() - started;
    fake.setDelay(0);
    const overhead = Number(response.headers.get('x-conduit-overhead-ms'));
    assert.ok(elapsed >= 300, `the request took ${elapsed} ms`);
    assert.ok(Number.isFinite(overhead) && overhead >= 0 && overhead < elapsed - 250, `overhead ${overhead} ms of ${elapsed} ms`);

    const stream = await client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'x' }], stream: true }).withResponse();
    assert.ok(Number.isFinite(Number(stream.response.headers.get('x-conduit-overhead-ms'))));
    for await (const _chunk of stream.data) {
      // drain
    }
    const refused = await fetch(`${client.baseURL}/chat/completions`, { method: 'POST', body: '{}', headers: { authorization: 'Bearer nope' } });
    assert.ok(Number.isFinite(Number(refused.headers.get('x-conduit-overhead-ms'))));
  });

  test('every response carries each of its headers once: answers, streams, errors, the model list', async ({ client }) => {
    const messages = [{ role: 'user', content: 'x' }];
    const exchanges = [
      { method: 'POST', path: '/chat/completions', body: { model: 'chat', messages }, status: 200, served: true },
      { method: 'POST', path: '/chat/completions', body: { model: 'chat', messages, stream: true }, status: 200, served: true },
      { method: 'POST', path: '/chat/completions', body: { model: 'no-such-model', messages }, status: 404, served: false },
      { method: 'POST', path: '/chat/completions', body: { model: 'chat' }, status: 400, served: false },
      { method: 'GET', path: '/models', body: undefined, status: 200, served: false },
    ];
    for (const exchange of exchanges) {
      const { status, rawHeaders, body } = await rawExchange(`${client.baseURL}${exchange.path}`, exchange.method, String(client.apiKey), exchange.body);
      const label = `${exchange.method} ${exchange.path} ${JSON.stringify(exchange.body)}`;
      assert.is(status, exchange.status, label);
      const names = rawHeaders.filter((_value, index) => index % 2 === 0).map((name) => name.toLowerCase());
      assert.equal(names.filter((name, index) => names.indexOf(name) !== index), [], `${label}: repeated headers`);
      for (const name of ['x-request-id', 'x-conduit-overhead-ms', 'content-type']) assert.ok(names.includes(name), `${label}: no ${name}`);
      for (const name of ['x-conduit-provider', 'x-conduit-deployment']) assert.is(names.includes(name), exchange.served, `${label}: ${name}`);
      const length = names.indexOf('content-length');
      if (length !== -1) assert.is(Number(rawHeaders[length * 2 + 1]), Buffer.byteLength(body), label);
    }
  });

  test('a page on another origin may call /v1: preflights on any path are allowed, answers, streams and errors readable', async ({ client, fake }) => {
    const origin = 'https://app.example';
    const requested = 'authorization, content-type, x-stainless-os, openai-organization, anthropic-version';
    for (const path of ['/chat/completions', '/no/such/route']) {
      const preflight = await fetch(`${client.baseURL}${path}`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': requested },
      });
      assert.is(preflight.status, 204, path);
      assert.is(preflight.headers.get('access-control-allow-origin'), '*');
      assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /\bPOST\b/);
      assert.is(preflight.headers.get('access-control-allow-headers'), requested);
      assert.ok(Number(preflight.headers.get('access-control-max-age')) > 0);
      assert.is(preflight.headers.get('access-control-allow-credentials'), null, 'never with credentials');
    }

    const post = (body: unknown) =>
      fetch(`${client.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { origin, authorization: `Bearer ${String(client.apiKey)}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    fake.enqueue({ type: 'message', text: 'hi', finish: 'stop', usage: { input: 1, output: 1 } });
    fake.enqueue({ type: 'message', text: 'hi', finish: 'stop', usage: { input: 1, output: 1 } });
    const messages = [{ role: 'user', content: 'x' }];
    for (const [label, body, status] of [
      ['answer', { model: 'chat', messages }, 200],
      ['stream', { model: 'chat', messages, stream: true }, 200],
      ['error', { model: 'no-such-model', messages }, 404],
    ] as const) {
      const response = await post(body);
      await response.text();
      assert.is(response.status, status, label);
      assert.is(response.headers.get('access-control-allow-origin'), '*', label);
      const exposed = (response.headers.get('access-control-expose-headers') ?? '').split(/,\s*/);
      for (const name of ['x-request-id', 'x-conduit-overhead-ms', 'x-ratelimit-remaining-requests', 'retry-after']) assert.ok(exposed.includes(name), `${label}: exposes ${name}`);
    }

    const sameOrigin = await client.models.list().asResponse();
    assert.is(sameOrigin.headers.get('access-control-allow-origin'), null, 'no CORS headers without an Origin');
  });

  test('HEAD on a GET route answers like GET without a body', async ({ client }) => {
    const headers = { authorization: `Bearer ${String(client.apiKey)}` };
    for (const path of ['/models', '/models/chat']) {
      const got = await fetch(`${client.baseURL}${path}`, { headers });
      const body = await got.text();
      const head = await fetch(`${client.baseURL}${path}`, { method: 'HEAD', headers });
      assert.is(head.status, 200, path);
      assert.is(await head.text(), '', `${path}: no body`);
      assert.is(head.headers.get('content-type'), got.headers.get('content-type'), path);
      assert.is(Number(head.headers.get('content-length')), Buffer.byteLength(body), path);
    }
    const missing = await fetch(`${client.baseURL}/models/no-such-model`, { method: 'HEAD', headers });
    assert.is(missing.status, 404);
    const noKey = await fetch(`${client.baseURL}/models`, { method: 'HEAD' });
    assert.is(noKey.status, 401);
  });

  test('a provider named beyond ASCII serves answers and streams; its name is percent-encoded in the header', async ({ client, fake, harness }) => {
    const name = 'Zürich 東京';
    const providerId = await harness.createOpenAIProvider(name, fake);
    await harness.createDeployment({ modelName: 'named-beyond-ascii', providerId, providerModel: 'gpt-4o-mini' });
    const messages = [{ role: 'user' as const, content: 'x' }];
    const answer = await client.chat.completions.create({ model: 'named-beyond-ascii', messages }).withResponse();
    assert.is(answer.response.headers.get('x-conduit-provider'), encodeURIComponent(name));
    const stream = await client.chat.completions.create({ model: 'named-beyond-ascii', messages, stream: true }).withResponse();
    assert.is(stream.response.headers.get('x-conduit-provider'), encodeURIComponent(name));
    for await (const _chunk of stream.data) {
      // drain
    }
  });

  test('/metrics counts requests, tokens and the gateway overhead in Prometheus format', async ({ client, fake, harness }) => {
    fake.enqueue({ type: 'message', text: 'counted', finish: 'stop', usage: { input: 2, output: 3 } });
    await client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'x' }] });
    const response = await fetch(`${harness.url}/metrics`);
    assert.is(response.status, 200);
    const text = await response.text();
    assert.match(text, /conduit_requests_total\{endpoint="chat\/completions",status="200",provider="primary"\} \d+/);
    assert.match(text, /conduit_tokens_total\{model="chat",direction="completion"\} \d+/);
    assert.match(text, /conduit_overhead_seconds_bucket/);
    assert.match(text, /conduit_process_resident_memory_bytes/);
  });

  test('a failing deployment is replaced by the next one before anything reached the client', async ({ client, fake, backup }) => {
    fake.enqueue({ type: 'http-error', status: 500, message: 'boom' });
    backup.enqueue({ type: 'message', text: 'from backup', finish: 'stop', usage: { input: 1, output: 2 } });
    const { data, response } = await client.chat.completions.create({ model: 'failover', messages: [{ role: 'user', content: 'x' }] }).withResponse();
    assert.is(data.choices[0]?.message.content, 'from backup');
    assert.is(response.headers.get('x-conduit-provider'), 'secondary');
    assert.is(response.headers.get('x-conduit-attempts'), '2');
  });

  test('a stream that fails before its first output fails over; after it, it ends with an error event', async ({ client, fake, backup }) => {
    fake.enqueue({ type: 'stream-error', textBefore: '', message: 'upstream broke early' });
    backup.enqueue({ type: 'message', text: 'rescued', finish: 'stop', usage: { input: 1, output: 1 } });
    let text = '';
    for await (const chunk of await client.chat.completions.create({ model: 'failover', messages: [{ role: 'user', content: 'x' }], stream: true })) {
      text += chunk.choices[0]?.delta.content ?? '';
    }
    assert.is(text, 'rescued');

    fake.enqueue({ type: 'stream-error', textBefore: 'partial answer', message: 'upstream broke late' });
    let received = '';
    let failure: unknown;
    try {
      for await (const chunk of await client.chat.completions.create({ model: 'failover', messages: [{ role: 'user', content: 'x' }], stream: true })) {
        received += chunk.choices[0]?.delta.content ?? '';
      }
    } catch (error) {
      failure = error;
    }
    assert.is(received, 'partial answer');
    assert.ok(failure instanceof Error, 'the SDK raises the in-stream error');
    assert.match((failure as Error).message, /upstream broke late/);
    assert.is(backup.requests().length, 1, 'no failover after output reached the client');
  });

  test('a client that goes away mid-stream aborts the upstream request', async ({ client, fake }) => {
    fake.enqueue({ type: 'message', text: 'a b c d e f g h', finish: 'stop', usage: { input: 1, output: 8 }, pieces: 8 });
    fake.setChunkDelay(200);
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      { model: 'chat', messages: [{ role: 'user', content: 'x' }], stream: true },
      { signal: controller.signal },
    );
    try {
      for await (const chunk of stream) {
        if (chunk.choices[0]?.delta.content) controller.abort();
      }
    } catch {
      // The SDK reports the abort.
    }
    await fake.clientClosed();
  });

  test('spend and request logs record what was served, priced from ModelCost', async ({ client, fake, harness, keyId }) => {
    const before = await harness.graphql<{ virtualKey: { spend: number } }>('query($id: ID!) { virtualKey(id: $id) { spend } }', { id: keyId });
    fake.enqueue({ type: 'message', text: 'priced', finish: 'stop', usage: { input: 3, output: 5 } });
    const { response } = await client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'x' }] }).withResponse();
    const requestId = response.headers.get('x-request-id');
    const after = await harness.graphql<{ virtualKey: { spend: number } }>('query($id: ID!) { virtualKey(id: $id) { spend } }', { id: keyId });
    // 3 input tokens at $1 each plus 5 output tokens at $2 each.
    assert.ok(Math.abs(after.virtualKey.spend - before.virtualKey.spend - 13) < 1e-9, `spend grew by ${after.virtualKey.spend - before.virtualKey.spend}`);
    const logs = await harness.graphql<{ requestLogs: { edges: Array<{ node: Record<string, unknown> }> } }>(
      '{ requestLogs(first: 5) { edges { node { requestId model providerModel status promptTokens completionTokens cost unpriced usageEstimated } } } }',
    );
    const row = logs.requestLogs.edges.find((edge) => edge.node.requestId === requestId)?.node;
    assert.ok(row, 'the request was logged');
    assert.equal(row, { requestId, model: 'chat', providerModel: 'gpt-4o-mini', status: 200, promptTokens: 3, completionTokens: 5, cost: 13, unpriced: false, usageEstimated: false });
  });

  test('a stream aborted by the client is billed for what was delivered', async ({ client, fake, harness, keyId }) => {
    fake.enqueue({ type: 'message', text: 'aaaa bbbb cccc dddd eeee ffff', finish: 'stop', usage: { input: 4, output: 6 }, pieces: 6 });
    fake.setChunkDelay(150);
    const controller = new AbortController();
    const { response, data: stream } = await client.chat.completions
      .create({ model: 'chat', messages: [{ role: 'user', content: 'abcdefgh' }], stream: true }, { signal: controller.signal })
      .withResponse();
    const requestId = response.headers.get('x-request-id');
    try {
      for await (const chunk of stream) if (chunk.choices[0]?.delta.content) controller.abort();
    } catch {
      // aborted
    }
    await fake.clientClosed();
    const row = await loggedRow(harness, requestId, 'completionTokens promptTokens usageEstimated cost');
    assert.ok(row, 'the aborted stream was logged');
    assert.is(row.usageEstimated, true);
    assert.ok((row.completionTokens as number) >= 1 && (row.completionTokens as number) < 6, `billed ${String(row.completionTokens)} completion tokens`);
    assert.ok((row.cost as number) > 0);
    void keyId;
  });

  test.run();
}

/** The request log row of `requestId` with `fields`, once the batched writer has written it. */
async function loggedRow(harness: TestGateway, requestId: string | null, fields: string): Promise<Record<string, unknown> | undefined> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const logs = await harness.graphql<{ requestLogs: { edges: Array<{ node: Record<string, unknown> }> } }>(
      `{ requestLogs(first: 10) { edges { node { requestId ${fields} } } } }`,
    );
    const row = logs.requestLogs.edges.find((edge) => edge.node.requestId === requestId)?.node;
    if (row) return row;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return undefined;
}

/** One request by node:http, for what fetch hides: the headers exactly as they came, repeats included. */
async function rawExchange(url: string, method: string, apiKey: string, body: unknown): Promise<{ status: number; rawHeaders: string[]; body: string }> {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method, headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (piece: string) => (text += piece));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, rawHeaders: response.rawHeaders, body: text }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body === undefined ? undefined : JSON.stringify(body));
  });
}
