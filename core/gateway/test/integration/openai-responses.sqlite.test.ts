/**
 * The Responses API ingress (`POST /v1/responses`) driven by the official `openai` SDK through a real
 * gateway, in front of an OpenAI fake and an Anthropic fake: answers and `output_text`, both stream
 * styles, tools round trip, structured output, images, errors in OpenAI's format, the request log.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import OpenAI from 'openai';
import type { ConformanceFakeUpstream } from '@conduit/plugin-api/conformance';
import { startAnthropicFakeUpstream } from '../../../../plugins/provider-anthropic/test/fake-anthropic-upstream.ts';
import { startOpenAIFakeUpstream, type OpenAIFakeUpstream } from '../../../../plugins/provider-openai/test/fake-openai-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';

let harness: TestGateway;
let openaiFake: OpenAIFakeUpstream;
let anthropicFake: ConformanceFakeUpstream;
let key: string;
let client: OpenAI;

const openai = (apiKey: string): OpenAI => new OpenAI({ apiKey, baseURL: `${harness.url}/v1`, maxRetries: 0, timeout: 20_000 });

const weatherTool: OpenAI.Responses.FunctionTool = {
  type: 'function',
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
  strict: true,
};
// A 1x1 PNG.
const pixel = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

const setup = suite('responses ingress setup');
setup('a gateway with a model on an OpenAI fake and one on an Anthropic fake', async () => {
  openaiFake = await startOpenAIFakeUpstream();
  anthropicFake = await startAnthropicFakeUpstream();
  harness = await startTestGateway();
  const openaiProvider = await harness.createOpenAIProvider('openai-fake', openaiFake);
  await harness.createDeployment({ modelName: 'via-openai', providerId: openaiProvider, providerModel: 'gpt-4o-mini' });
  await harness.createDeployment({ modelName: 'failover', providerId: openaiProvider, providerModel: 'gpt-4o-mini' });
  const secondAccount = await harness.createOpenAIProvider('openai-fake-2', openaiFake);
  await harness.createDeployment({ modelName: 'failover', providerId: secondAccount, providerModel: 'gpt-4o-mini' });
  const { apiKey, ...credentials } = anthropicFake.provider.credentials;
  const anthropicProvider = await harness.createProvider({
    name: 'anthropic-fake',
    type: 'anthropic',
    baseUrl: anthropicFake.provider.baseUrl,
    apiKey,
    ...(Object.keys(credentials).length ? { credentials } : {}),
    options: anthropicFake.provider.options,
  });
  await harness.createDeployment({ modelName: 'via-anthropic', providerId: anthropicProvider, providerModel: 'claude-sonnet-4-5' });
  key = (await harness.createKey()).key;
  client = openai(key);
});
setup.run();

const routes: Array<{ model: string; fake: () => ConformanceFakeUpstream }> = [
  { model: 'via-openai', fake: () => openaiFake },
  { model: 'via-anthropic', fake: () => anthropicFake },
];

for (const { model, fake } of routes) {
  const test = suite(`/v1/responses through ${model}`);

  test('a text answer is a Response with output_text; instructions, a developer message and settings reach the provider', async () => {
    fake().enqueue({ type: 'message', text: 'Bonjour!', finish: 'stop', usage: { input: 11, output: 4 } });
    const response = await client.responses.create({
      model,
      instructions: 'Answer in French.',
      input: [
        { role: 'developer', content: 'Be brief.' },
        { role: 'user', content: [{ type: 'input_text', text: 'Hello' }] },
      ],
      max_output_tokens: 64,
      temperature: 0.5,
      metadata: { trace: 't-1' },
      store: false,
    });
    assert.match(response.id, /^resp_/);
    assert.match(response._request_id ?? '', /^req_/);
    assert.is(response.object, 'response');
    assert.is(response.status, 'completed');
    assert.is(response.model, model);
    assert.is(response.output_text, 'Bonjour!');
    const item = response.output[0];
    assert.ok(item?.type === 'message');
    assert.equal(item.content, [{ type: 'output_text', text: 'Bonjour!', annotations: [], logprobs: [] }] as unknown);
    assert.equal(response.usage, { input_tokens: 11, input_tokens_details: { cached_tokens: 0 }, output_tokens: 4, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 15 });
    assert.is(response.instructions, 'Answer in French.');
    assert.equal(response.metadata, { trace: 't-1' });
    assert.is(response.temperature, 0.5);
    const seen = fake().lastRequest();
    assert.match(seen.system ?? '', /Answer in French\./);
    assert.match(seen.system ?? '', /Be brief\./);
    assert.equal(seen.messages.map((turn) => [turn.role, turn.text]), [['user', 'Hello']]);
    assert.is(seen.maxTokens, 64);
    assert.is(seen.temperature, 0.5);
  });

  test('max_output_tokens reached is status incomplete, whole and streamed', async () => {
    fake().enqueue({ type: 'message', text: 'cut', finish: 'length', usage: { input: 3, output: 16 } });
    const response = await client.responses.create({ model, input: 'Go on', max_output_tokens: 16 });
    assert.is(response.status, 'incomplete');
    assert.equal(response.incomplete_details, { reason: 'max_output_tokens' });
    assert.is((response.output[0] as { status?: string } | undefined)?.status, 'incomplete');

    fake().enqueue({ type: 'message', text: 'cut short', finish: 'length', usage: { input: 3, output: 16 }, pieces: 2 });
    const streamed = await client.responses.stream({ model, input: 'Go on', max_output_tokens: 16 }).finalResponse();
    assert.is(streamed.status, 'incomplete');
    assert.equal(streamed.incomplete_details, { reason: 'max_output_tokens' });
    assert.is(streamed.output_text, 'cut short');
    assert.is((streamed.output[0] as { status?: string } | undefined)?.status, 'incomplete');
  });

  test('stream: responses.stream() gives the text as it comes and finalResponse() the whole Response', async () => {
    fake().enqueue({ type: 'message', text: 'one two three', finish: 'stop', usage: { input: 5, output: 3 }, pieces: 3 });
    const stream = client.responses.stream({ model, input: 'Count' });
    const pieces: string[] = [];
    stream.on('response.output_text.delta', (event) => pieces.push(event.delta));
    const final = await stream.finalResponse();
    assert.is(pieces.join(''), 'one two three');
    assert.ok(pieces.length >= 2, 'the text arrived in pieces');
    assert.is(final.output_text, 'one two three');
    assert.is(final.status, 'completed');
    assert.is(final.usage?.input_tokens, 5);
    assert.is(final.usage?.output_tokens, 3);
  });

  test('stream: create({stream: true}) yields the events in order with rising sequence numbers', async () => {
    fake().enqueue({ type: 'message', text: 'abc', finish: 'stop', usage: { input: 2, output: 1 }, pieces: 2 });
    const stream = await client.responses.create({ model, input: 'x', stream: true });
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    const types = events.map((event) => event.type);
    assert.equal(types.slice(0, 4), ['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added']);
    assert.ok(types.slice(4, -4).every((type) => type === 'response.output_text.delta'), types.join(','));
    assert.equal(types.slice(-4), ['response.output_text.done', 'response.content_part.done', 'response.output_item.done', 'response.completed']);
    assert.equal(events.map((event) => event.sequence_number), events.map((_, index) => index));
  });

  test('tools: a function_call, whole and streamed, and its function_call_output sent back', async () => {
    const call = { id: 'call_w1', name: 'get_weather', arguments: '{"city":"Paris"}' };
    fake().enqueue({ type: 'message', toolCalls: [call], finish: 'tool_calls', usage: { input: 20, output: 12 } });
    const asked = { model, tools: [weatherTool], input: [{ role: 'user' as const, content: 'Weather in Paris?' }] };
    const whole = await client.responses.create({ ...asked, tool_choice: 'required' });
    const fc = whole.output.find((item) => item.type === 'function_call');
    assert.ok(fc && fc.type === 'function_call');
    assert.is(fc.name, 'get_weather');
    assert.equal(JSON.parse(fc.arguments), { city: 'Paris' });
    const seen = fake().lastRequest();
    assert.equal(seen.tools?.map((tool) => tool.name), ['get_weather']);
    assert.is(seen.toolChoice, 'required');

    fake().enqueue({ type: 'message', toolCalls: [call], finish: 'tool_calls', usage: { input: 20, output: 12 }, pieces: 3 });
    const stream = client.responses.stream(asked);
    let argumentsDone = '';
    stream.on('response.function_call_arguments.done', (event) => (argumentsDone = event.arguments));
    const streamed = await stream.finalResponse();
    const streamedCall = streamed.output.find((item) => item.type === 'function_call');
    assert.ok(streamedCall && streamedCall.type === 'function_call');
    assert.equal(JSON.parse(streamedCall.arguments), { city: 'Paris' });
    assert.equal(JSON.parse(argumentsDone), { city: 'Paris' });

    fake().enqueue({ type: 'message', text: 'It is sunny.', finish: 'stop', usage: { input: 30, output: 5 } });
    const answer = await client.responses.create({
      ...asked,
      input: [...asked.input, fc, { type: 'function_call_output', call_id: fc.call_id, output: 'sunny, 24C' }],
    });
    assert.is(answer.output_text, 'It is sunny.');
    const back = fake().lastRequest();
    const assistant = back.messages.find((turn) => turn.role === 'assistant');
    assert.equal(assistant?.toolCalls?.map((toolCall) => [toolCall.id, toolCall.name, toolCall.arguments]), [[fc.call_id, 'get_weather', { city: 'Paris' }]]);
    assert.equal(back.messages.flatMap((turn) => turn.toolResults ?? []), [{ toolCallId: fc.call_id, content: 'sunny, 24C' }]);
  });

  test('text.format json_schema reaches the provider as a JSON schema', async () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false };
    fake().enqueue({ type: 'message', text: '{"answer":"yes"}', finish: 'stop', usage: { input: 8, output: 4 } });
    const response = await client.responses.create({ model, input: 'Yes or no?', text: { format: { type: 'json_schema', name: 'verdict', schema, strict: true } } });
    assert.is(response.output_text, '{"answer":"yes"}');
    assert.equal(fake().lastRequest().jsonSchema, schema);
  });

  test('an input_image reaches the provider', async () => {
    fake().enqueue({ type: 'message', text: 'A pixel.', finish: 'stop', usage: { input: 90, output: 3 } });
    await client.responses.create({
      model,
      input: [{ role: 'user', content: [{ type: 'input_image', image_url: `data:image/png;base64,${pixel}`, detail: 'auto' }, { type: 'input_text', text: 'What is this?' }] }],
    });
    const images = fake().lastRequest().messages.flatMap((turn) => turn.images ?? []);
    assert.is(images.length, 1);
    assert.ok(images[0]!.base64 === pixel || images[0]!.url === `data:image/png;base64,${pixel}`, JSON.stringify(images[0]));
  });

  test('a stream failing after its first event ends with response.failed and an error the SDK raises', async () => {
    fake().enqueue({ type: 'stream-error', textBefore: 'partial', message: 'upstream failed' });
    let text = '';
    const types: string[] = [];
    const failure = await (async () => {
      const stream = await client.responses.create({ model, input: 'x', stream: true });
      for await (const event of stream) {
        types.push(event.type);
        if (event.type === 'response.output_text.delta') text += event.delta;
      }
    })().catch((error: unknown) => error);
    assert.is(text, 'partial');
    assert.is(types.at(-1), 'response.failed');
    assert.instance(failure, OpenAI.APIError);

    // On the wire: the failure closes with an `error` event numbered after the events before it.
    fake().enqueue({ type: 'stream-error', textBefore: 'partial', message: 'upstream failed' });
    const raw = await fetch(`${harness.url}/v1/responses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, input: 'x', stream: true }),
    });
    const frames = (await raw.text()).trim().split('\n\n');
    const [failed, error] = frames.slice(-2).map((frame) => ({ name: /^event: (.+)$/m.exec(frame)?.[1], data: JSON.parse(/^data: (.+)$/m.exec(frame)![1]!) }));
    assert.is(failed!.name, 'response.failed');
    assert.is(failed!.data.response.status, 'failed');
    assert.is(error!.name, 'error');
    assert.is(error!.data.type, 'error');
    assert.is(error!.data.sequence_number, failed!.data.sequence_number + 1);
    assert.is(typeof error!.data.message, 'string');
    assert.not.match(error!.data.message, /sk-|Bearer/);
  });

  test.run();
}

const errors = suite('/v1/responses errors, in OpenAI format');

errors('a bad key is a 401', async () => {
  const failure = await openai('ck-not-a-real-key-000000000000000000').responses.create({ model: 'via-openai', input: 'x' }).catch((error: unknown) => error);
  assert.instance(failure, OpenAI.AuthenticationError);
  assert.is((failure as { type: string }).type, 'invalid_request_error');
});

errors('an unknown model is a 404 model_not_found', async () => {
  const failure = await client.responses.create({ model: 'no-such-model', input: 'x' }).catch((error: unknown) => error);
  assert.instance(failure, OpenAI.NotFoundError);
  assert.is((failure as { code: string }).code, 'model_not_found');
});

errors('bad input is a 400 naming the field', async () => {
  const cases: Array<[object, RegExp]> = [
    [{ model: 'via-openai' }, /input/],
    [{ model: 'via-openai', input: [{ role: 'user', content: [{ type: 'input_video', url: 'x' }] }] }, /input\[0\]\.content\[0\]\.type/],
    [{ model: 'via-openai', input: [{ type: 'item_reference', id: 'msg_1' }] }, /input\[0\]\.type/],
    [{ model: 'via-openai', input: 'x', conversation: 'conv_1' }, /conversation/],
    [{ model: 'via-openai', input: 'x', background: true }, /background/],
    [{ model: 'via-openai', input: 'x', tools: [{ type: 'web_search' }] }, /tools\[0\].*hosted tools/],
    [{ model: 'via-openai', input: [{ role: 'user', content: [{ type: 'input_image', file_id: 'file-1' }] }] }, /file ids/],
  ];
  for (const [body, message] of cases) {
    const failure = await client.responses.create(body as OpenAI.Responses.ResponseCreateParamsNonStreaming).catch((error: unknown) => error);
    assert.instance(failure, OpenAI.BadRequestError, JSON.stringify(body));
    assert.match((failure as { message: string }).message, message);
    assert.is((failure as { type: string }).type, 'invalid_request_error');
  }
});

errors('a spent budget is a 429', async () => {
  const { key: poor, id } = await harness.createKey({ name: 'poor', maxBudget: 1 });
  await harness.graphql('mutation($id: ID!) { updateVirtualKey(id: $id, input: { maxBudget: 0 }) { id } }', { id });
  const failure = await openai(poor).responses.create({ model: 'via-openai', input: 'x' }).catch((error: unknown) => error);
  assert.instance(failure, OpenAI.RateLimitError);
});

errors('a stream whose deployment fails before any output fails over, one clean stream', async () => {
  const before = openaiFake.requests().length;
  openaiFake.enqueue({ type: 'stream-error', textBefore: '', message: 'failed early' });
  openaiFake.enqueue({ type: 'message', text: 'second try', finish: 'stop', usage: { input: 3, output: 2 }, pieces: 2 });
  const { data: stream, response } = await client.responses.create({ model: 'failover', input: 'x', stream: true }).withResponse();
  const types: string[] = [];
  let text = '';
  for await (const event of stream) {
    types.push(event.type);
    if (event.type === 'response.output_text.delta') text += event.delta;
  }
  assert.is(text, 'second try');
  assert.is(types.filter((type) => type === 'response.created').length, 1);
  assert.is(response.headers.get('x-conduit-attempts'), '2');
  assert.is(openaiFake.requests().length - before, 2);
});

errors('a client that goes away mid-stream aborts the upstream', async () => {
  openaiFake.enqueue({ type: 'message', text: 'aaaa bbbb cccc dddd eeee ffff', finish: 'stop', usage: { input: 4, output: 6 }, pieces: 6 });
  openaiFake.setChunkDelay(150);
  try {
    const controller = new AbortController();
    const stream = await client.responses.create({ model: 'via-openai', input: 'x', stream: true }, { signal: controller.signal });
    try {
      for await (const event of stream) if (event.type === 'response.output_text.delta') controller.abort();
    } catch {
      // The SDK reports the abort.
    }
    await openaiFake.clientClosed();
  } finally {
    openaiFake.setChunkDelay(0);
  }
});

/** The request log row of `requestId`, once the batched writer has written it. */
async function loggedRow(requestId: string | null): Promise<Record<string, unknown> | undefined> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const logs = await harness.graphql<{ requestLogs: { edges: Array<{ node: Record<string, unknown> }> } }>(
      '{ requestLogs(first: 10) { edges { node { requestId endpoint model providerModel status stream promptTokens completionTokens usageEstimated } } } }',
    );
    const row = logs.requestLogs.edges.find((edge) => edge.node.requestId === requestId)?.node;
    if (row) return row;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return undefined;
}

errors('answers and streams are logged under the responses endpoint with the provider usage', async () => {
  openaiFake.enqueue({ type: 'message', text: 'logged', finish: 'stop', usage: { input: 7, output: 2 } });
  const whole = await client.responses.create({ model: 'via-openai', input: 'x' }).withResponse();
  const logged = { endpoint: 'responses', model: 'via-openai', providerModel: 'gpt-4o-mini', status: 200, usageEstimated: false };
  const requestId = whole.response.headers.get('x-request-id');
  assert.equal(await loggedRow(requestId), { ...logged, requestId, stream: false, promptTokens: 7, completionTokens: 2 });

  openaiFake.enqueue({ type: 'message', text: 'streamed and logged', finish: 'stop', usage: { input: 9, output: 4 } });
  const streamed = await client.responses.create({ model: 'via-openai', input: 'x', stream: true }).withResponse();
  for await (const event of streamed.data) void event;
  const streamId = streamed.response.headers.get('x-request-id');
  assert.equal(await loggedRow(streamId), { ...logged, requestId: streamId, stream: true, promptTokens: 9, completionTokens: 4 });
});

errors.run();

const teardown = suite('responses ingress teardown');
teardown('everything stops', async () => {
  await harness?.close();
  await openaiFake?.close();
  await anthropicFake?.close();
});
teardown.run();
