/**
 * The official openai SDK, through the gateway, gets answers of identical shape from every built-in
 * provider: text, streams with usage, tool calls (whole and streamed), usage invariants and errors.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import OpenAI from 'openai';
import type { ConformanceFakeUpstream } from '@conduit/plugin-api/conformance';
import { startTestGateway, type TestGateway } from '../../core/gateway/test/support/test-gateway.ts';
import { providerFakes } from './provider-fakes.ts';

const tools: OpenAI.Chat.Completions.ChatCompletionTool[] = [
  {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'Weather for a city',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    },
  },
];
const calls = [
  { id: 'call_a1', name: 'get_weather', arguments: '{"city":"Paris"}' },
  { id: 'call_b2', name: 'get_weather', arguments: '{"city":"Oslo"}' },
];
const ask = (model: string) => ({ model, messages: [{ role: 'user' as const, content: 'Hello' }] });

let harness: TestGateway;
let client: OpenAI;
const fakes = new Map<string, ConformanceFakeUpstream>();

const setup = suite('cross-provider setup');
setup('a gateway with one deployment per built-in provider', async () => {
  harness = await startTestGateway();
  for (const provider of providerFakes) {
    const fake = await provider.start();
    fakes.set(provider.type, fake);
    const { apiKey, ...credentials } = fake.provider.credentials;
    const providerId = await harness.createProvider({
      name: `${provider.type}-fake`,
      type: provider.type,
      baseUrl: fake.provider.baseUrl,
      ...(apiKey ? { apiKey } : {}),
      ...(Object.keys(credentials).length ? { credentials } : {}),
      options: fake.provider.options,
    });
    await harness.createDeployment({ modelName: `via-${provider.type}`, providerId, providerModel: provider.model });
  }
  client = harness.openai((await harness.createKey()).key);
});
setup.run();

for (const provider of providerFakes) {
  const test = suite(`through the gateway: ${provider.type}`);
  const model = `via-${provider.type}`;
  const fake = () => fakes.get(provider.type)!;

  test('text answer with usage', async () => {
    fake().enqueue({ type: 'message', text: 'Bonjour!', finish: 'stop', usage: { input: 11, output: 4 } });
    const completion = await client.chat.completions.create(ask(model));
    assert.is(completion.object, 'chat.completion');
    assert.is(completion.choices[0]?.message.role, 'assistant');
    assert.is(completion.choices[0]?.message.content, 'Bonjour!');
    assert.is(completion.choices[0]?.finish_reason, 'stop');
    assert.is(completion.usage?.prompt_tokens, 11);
    assert.is(completion.usage?.completion_tokens, 4);
    assert.is(completion.usage?.total_tokens, 15);
  });

  test('stream: role first, text in order, one usage chunk at the end', async () => {
    fake().enqueue({ type: 'message', text: 'one two three', finish: 'stop', usage: { input: 5, output: 3 }, pieces: 3 });
    const stream = await client.chat.completions.create({ ...ask(model), stream: true, stream_options: { include_usage: true } });
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    assert.is(chunks[0]?.choices[0]?.delta.role, 'assistant');
    assert.is(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join(''), 'one two three');
    assert.is(new Set(chunks.map((chunk) => chunk.id)).size, 1, 'one id for the whole stream');
    const usageChunks = chunks.filter((chunk) => chunk.usage);
    assert.is(usageChunks.length, 1);
    assert.equal(chunks.at(-1)?.choices, []);
    assert.is(usageChunks[0]?.usage?.total_tokens, 8);
    assert.ok(chunks.some((chunk) => chunk.choices[0]?.finish_reason === 'stop'));
  });

  test('parallel tool calls, whole and streamed', async () => {
    fake().enqueue({ type: 'message', toolCalls: calls, finish: 'tool_calls', usage: { input: 20, output: 12 } });
    const completion = await client.chat.completions.create({ ...ask(model), tools });
    assert.is(completion.choices[0]?.finish_reason, 'tool_calls');
    const whole = completion.choices[0]?.message.tool_calls ?? [];
    assert.equal(
      whole.map((call) => (call.type === 'function' ? [call.function.name, JSON.parse(call.function.arguments)] : [])),
      calls.map((call) => [call.name, JSON.parse(call.arguments)]),
    );
    for (const call of whole) assert.ok(call.id, 'every tool call has an id');

    fake().enqueue({ type: 'message', toolCalls: calls, finish: 'tool_calls', usage: { input: 20, output: 12 }, pieces: 3 });
    const final = await client.chat.completions.stream({ ...ask(model), tools }).finalChatCompletion();
    const streamed = final.choices[0]?.message.tool_calls ?? [];
    assert.equal(
      streamed.map((call) => (call.type === 'function' ? [call.function.name, JSON.parse(call.function.arguments)] : [])),
      calls.map((call) => [call.name, JSON.parse(call.arguments)]),
    );
  });

  test('errors: a rate limit is a 429, rejected credentials a 502, a late stream error an in-stream error', async () => {
    fake().enqueue({ type: 'http-error', status: 429, message: 'Too many requests', retryAfterSeconds: 3 });
    const limited = await client.chat.completions.create(ask(model)).catch((error: unknown) => error);
    assert.instance(limited, OpenAI.APIError);
    assert.is((limited as InstanceType<typeof OpenAI.APIError>).status, 429);

    fake().enqueue({ type: 'http-error', status: 401, message: 'invalid credentials' });
    const auth = await client.chat.completions.create(ask(model)).catch((error: unknown) => error);
    assert.is((auth as InstanceType<typeof OpenAI.APIError>).status, 502);

    fake().enqueue({ type: 'stream-error', textBefore: 'partial', message: 'upstream failed' });
    let text = '';
    const failure = await (async () => {
      for await (const chunk of await client.chat.completions.create({ ...ask(model), stream: true })) text += chunk.choices[0]?.delta.content ?? '';
    })().catch((error: unknown) => error);
    assert.is(text, 'partial');
    assert.instance(failure, Error);
  });

  test.run();
}

const teardown = suite('cross-provider teardown');
teardown('everything stops', async () => {
  await harness?.close();
  for (const fake of fakes.values()) await fake.close();
});
teardown.run();
