/**
 * The Anthropic-compatible ingress (`POST /v1/messages`) driven by the official `@anthropic-ai/sdk`
 * through a real gateway, in front of an OpenAI fake and an Anthropic fake: answers, both stream
 * styles, tools, images, errors in Anthropic's format with the SDK's error classes, the request log.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import Anthropic from '@anthropic-ai/sdk';
import type { ConformanceFakeUpstream } from '@conduit/plugin-api/conformance';
import { startAnthropicFakeUpstream } from '../../../../plugins/provider-anthropic/test/fake-anthropic-upstream.ts';
import { startOpenAIFakeUpstream, type OpenAIFakeUpstream } from '../../../../plugins/provider-openai/test/fake-openai-upstream.ts';
import { GatewayError } from '../../src/domain/gateway-error.ts';
import { anthropicIngress } from '../../src/pipeline/ingress/anthropic-ingress.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';

let harness: TestGateway;
let openaiFake: OpenAIFakeUpstream;
let anthropicFake: ConformanceFakeUpstream;
let key: string;
let client: Anthropic;

const anthropic = (apiKey: string, options: Partial<ConstructorParameters<typeof Anthropic>[0]> = {}): Anthropic =>
  new Anthropic({ apiKey, baseURL: harness.url, maxRetries: 0, timeout: 20_000, ...options });

const weatherTool: Anthropic.Tool = {
  name: 'get_weather',
  description: 'Weather for a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
// A 1x1 PNG.
const pixel = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

const setup = suite('anthropic ingress setup');
setup('a gateway with a model on an OpenAI fake and one on an Anthropic fake', async () => {
  openaiFake = await startOpenAIFakeUpstream();
  anthropicFake = await startAnthropicFakeUpstream();
  harness = await startTestGateway();
  const openaiProvider = await harness.createOpenAIProvider('openai-fake', openaiFake);
  await harness.createDeployment({ modelName: 'via-openai', providerId: openaiProvider, providerModel: 'gpt-4o-mini' });
  // Two deployments on one fake: whichever is tried first takes the first scripted reply.
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
  client = anthropic(key);
});
setup.run();

const routes: Array<{ model: string; fake: () => ConformanceFakeUpstream }> = [
  { model: 'via-openai', fake: () => openaiFake },
  { model: 'via-anthropic', fake: () => anthropicFake },
];

for (const { model, fake } of routes) {
  const test = suite(`/v1/messages through ${model}`);

  test('a text answer is an Anthropic Message; the system prompt and settings reach the provider', async () => {
    fake().enqueue({ type: 'message', text: 'Bonjour!', finish: 'stop', usage: { input: 11, output: 4 } });
    // `temperature` left the API's types in version 2026-10-21; clients of earlier versions still send it.
    const message = await client.messages.create({
      model,
      max_tokens: 64,
      system: 'Answer in French.',
      messages: [{ role: 'user', content: 'Hello' }],
      temperature: 0.5,
      stop_sequences: ['END'],
      metadata: { user_id: 'user-42' },
    } as Anthropic.MessageCreateParamsNonStreaming);
    assert.match(message.id, /^msg_/);
    assert.match(message._request_id ?? '', /^req_/, 'the SDK finds the request id');
    assert.is(message.type, 'message');
    assert.is(message.role, 'assistant');
    assert.equal(message.content, [{ type: 'text', text: 'Bonjour!' }] as unknown);
    assert.is(message.stop_reason, 'end_turn');
    assert.is(message.stop_sequence, null);
    assert.is(message.usage.input_tokens, 11);
    assert.is(message.usage.output_tokens, 4);
    const seen = fake().lastRequest();
    assert.is(seen.system, 'Answer in French.');
    assert.equal(seen.messages.map((turn) => [turn.role, turn.text]), [['user', 'Hello']]);
    assert.is(seen.maxTokens, 64);
    assert.is(seen.temperature, 0.5);
    assert.equal(seen.stop, ['END']);
  });

  test('max_tokens reached is stop_reason max_tokens', async () => {
    fake().enqueue({ type: 'message', text: 'cut', finish: 'length', usage: { input: 3, output: 1 } });
    const message = await client.messages.create({ model, max_tokens: 1, messages: [{ role: 'user', content: 'Go on' }] });
    assert.is(message.stop_reason, 'max_tokens');
  });

  test('stream: messages.stream() gives the text as it comes and a final message with usage', async () => {
    fake().enqueue({ type: 'message', text: 'one two three', finish: 'stop', usage: { input: 5, output: 3 }, pieces: 3 });
    const stream = client.messages.stream({ model, max_tokens: 64, messages: [{ role: 'user', content: 'Count' }] });
    const pieces: string[] = [];
    stream.on('text', (text) => pieces.push(text));
    const final = await stream.finalMessage();
    assert.is(pieces.join(''), 'one two three');
    assert.ok(pieces.length >= 2, 'the text arrived in pieces');
    assert.equal(final.content, [{ type: 'text', text: 'one two three' }] as unknown);
    assert.is(final.stop_reason, 'end_turn');
    assert.is(final.usage.input_tokens, 5);
    assert.is(final.usage.output_tokens, 3);
  });

  test('stream: create({stream: true}) yields Anthropic events in their order', async () => {
    fake().enqueue({ type: 'message', text: 'abc', finish: 'stop', usage: { input: 2, output: 1 }, pieces: 2 });
    const stream = await client.messages.create({ model, max_tokens: 64, messages: [{ role: 'user', content: 'x' }], stream: true });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    assert.is(types[0], 'message_start');
    assert.is(types[1], 'content_block_start');
    assert.ok(types.slice(2, -3).every((type) => type === 'content_block_delta'), types.join(','));
    assert.equal(types.slice(-3), ['content_block_stop', 'message_delta', 'message_stop']);
  });

  test('tools: a tool_use answer, whole and streamed, and the tool_result sent back', async () => {
    const call = { id: 'call_w1', name: 'get_weather', arguments: '{"city":"Paris"}' };
    fake().enqueue({ type: 'message', text: 'Let me look.', toolCalls: [call], finish: 'tool_calls', usage: { input: 20, output: 12 } });
    const asked = { model, max_tokens: 256, tools: [weatherTool], messages: [{ role: 'user' as const, content: 'Weather in Paris?' }] };
    const whole = await client.messages.create({ ...asked, tool_choice: { type: 'any' } });
    assert.is(whole.stop_reason, 'tool_use');
    const use = whole.content.find((block) => block.type === 'tool_use');
    assert.ok(use && use.type === 'tool_use');
    assert.is(use.name, 'get_weather');
    assert.equal(use.input, { city: 'Paris' });
    const seen = fake().lastRequest();
    assert.equal(seen.tools?.map((tool) => tool.name), ['get_weather']);
    assert.is(seen.toolChoice, 'required');

    fake().enqueue({ type: 'message', toolCalls: [call], finish: 'tool_calls', usage: { input: 20, output: 12 }, pieces: 3 });
    const streamed = await client.messages.stream(asked).finalMessage();
    const streamedUse = streamed.content.find((block) => block.type === 'tool_use');
    assert.ok(streamedUse && streamedUse.type === 'tool_use');
    assert.equal(streamedUse.input, { city: 'Paris' });
    assert.is(streamed.stop_reason, 'tool_use');

    fake().enqueue({ type: 'message', text: 'It is sunny.', finish: 'stop', usage: { input: 30, output: 5 } });
    const answer = await client.messages.create({
      ...asked,
      messages: [
        ...asked.messages,
        { role: 'assistant', content: whole.content },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: use.id, content: [{ type: 'text', text: 'sunny, 24C' }] },
            { type: 'text', text: 'And tomorrow?' },
          ],
        },
      ],
    });
    assert.equal(answer.content, [{ type: 'text', text: 'It is sunny.' }] as unknown);
    const back = fake().lastRequest();
    const assistant = back.messages.find((turn) => turn.role === 'assistant');
    assert.equal(assistant?.toolCalls?.map((toolCall) => [toolCall.id, toolCall.name, toolCall.arguments]), [[use.id, 'get_weather', { city: 'Paris' }]]);
    const results = back.messages.flatMap((turn) => turn.toolResults ?? []);
    assert.equal(results, [{ toolCallId: use.id, content: 'sunny, 24C' }]);
    assert.ok(back.messages.some((turn) => turn.role === 'user' && turn.text?.includes('And tomorrow?')));
  });

  test("a failed tool's result reaches the provider marked as an error, with the result's image", async () => {
    fake().enqueue({ type: 'message', text: 'Sorry.', finish: 'stop', usage: { input: 30, output: 2 } });
    await client.messages.create({
      model,
      max_tokens: 32,
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Weather in Oslo?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_o1', name: 'get_weather', input: { city: 'Oslo' } }] },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'toolu_o1',
              is_error: true,
              content: [
                { type: 'text', text: 'service down' },
                { type: 'image', source: { type: 'base64', media_type: 'image/png', data: pixel } },
              ],
            },
          ],
        },
      ],
    });
    const seen = fake().lastRequest();
    assert.equal(seen.messages.flatMap((turn) => turn.toolResults ?? []), [{ toolCallId: 'toolu_o1', content: 'Error: service down' }]);
    assert.is(seen.messages.flatMap((turn) => turn.images ?? []).length, 1);
  });

  test('structured output (output_config.format) reaches the provider as a JSON schema', async () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false };
    fake().enqueue({ type: 'message', text: '{"answer":"yes"}', finish: 'stop', usage: { input: 8, output: 4 } });
    const message = await client.messages.create({
      model,
      max_tokens: 32,
      messages: [{ role: 'user', content: 'Yes or no?' }],
      output_config: { format: { type: 'json_schema', schema } },
    });
    assert.equal(message.content, [{ type: 'text', text: '{"answer":"yes"}' }] as unknown);
    assert.equal(fake().lastRequest().jsonSchema, schema);
  });

  test('an image block reaches the provider', async () => {
    fake().enqueue({ type: 'message', text: 'A pixel.', finish: 'stop', usage: { input: 90, output: 3 } });
    await client.messages.create({
      model,
      max_tokens: 32,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: pixel } },
            { type: 'text', text: 'What is this?' },
          ],
        },
      ],
    });
    const images = fake().lastRequest().messages.flatMap((turn) => turn.images ?? []);
    assert.is(images.length, 1);
    assert.ok(images[0]!.base64 === pixel || images[0]!.url === `data:image/png;base64,${pixel}`, JSON.stringify(images[0]));
  });

  test('a stream failing after its first event ends with an error event the SDK raises', async () => {
    fake().enqueue({ type: 'stream-error', textBefore: 'partial', message: 'upstream failed' });
    let text = '';
    const failure = await (async () => {
      const stream = await client.messages.create({ model, max_tokens: 64, messages: [{ role: 'user', content: 'x' }], stream: true });
      for await (const event of stream) if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
    })().catch((error: unknown) => error);
    assert.is(text, 'partial');
    assert.instance(failure, Anthropic.APIError);
  });

  test.run();
}

const errors = suite('/v1/messages errors, in Anthropic format');

errors('a bad key is a 401 authentication_error', async () => {
  const failure = await anthropic('ck-not-a-real-key-000000000000000000')
    .messages.create({ model: 'via-openai', max_tokens: 8, messages: [{ role: 'user', content: 'x' }] })
    .catch((error: unknown) => error);
  assert.instance(failure, Anthropic.AuthenticationError);
  assert.equal((failure as InstanceType<typeof Anthropic.APIError>).error, {
    type: 'error',
    error: { type: 'authentication_error', message: (failure as { error: { error: { message: string } } }).error.error.message },
  });
});

errors('a request without a key is told to send it as x-api-key or Authorization: Bearer', async () => {
  const response = await fetch(`${harness.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({ model: 'via-openai', max_tokens: 8, messages: [{ role: 'user', content: 'x' }] }),
  });
  assert.is(response.status, 401);
  const body = (await response.json()) as { type: string; error: { type: string; message: string } };
  assert.is(body.error.type, 'authentication_error');
  assert.match(body.error.message, /x-api-key/);
  assert.match(body.error.message, /Authorization header \(Bearer/);
  const openai = (await (await fetch(`${harness.url}/v1/chat/completions`, { method: 'POST', body: '{}' })).json()) as { error: { message: string } };
  assert.not.match(openai.error.message, /x-api-key/, 'the OpenAI ingress keeps OpenAI\'s wording');
});

errors('the key is also accepted as x-api-key, as earlier SDKs send it', async () => {
  openaiFake.enqueue({ type: 'message', text: 'ok', finish: 'stop', usage: { input: 1, output: 1 } });
  const response = await fetch(`${harness.url}/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': key, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'via-openai', max_tokens: 8, messages: [{ role: 'user', content: 'x' }] }),
  });
  assert.is(response.status, 200);
  assert.equal(((await response.json()) as Anthropic.Message).content, [{ type: 'text', text: 'ok' }] as unknown);
});

errors('a key without the CHAT permission is a 403 permission_error', async () => {
  const { key: speechOnly } = await harness.createKey({ name: 'speech only', permissions: ['AUDIO_SPEECH'] });
  const failure = await anthropic(speechOnly).messages.create({ model: 'via-openai', max_tokens: 8, messages: [{ role: 'user', content: 'x' }] }).catch((error: unknown) => error);
  assert.instance(failure, Anthropic.PermissionDeniedError);
  assert.is((failure as { error: { error: { type: string } } }).error.error.type, 'permission_error');
});

errors('a stream whose deployment fails before any output fails over, and the client sees one clean stream', async () => {
  const before = openaiFake.requests().length;
  openaiFake.enqueue({ type: 'stream-error', textBefore: '', message: 'failed early' });
  openaiFake.enqueue({ type: 'message', text: 'second try', finish: 'stop', usage: { input: 3, output: 2 }, pieces: 2 });
  const { data: stream, response } = await client.messages
    .create({ model: 'failover', max_tokens: 16, messages: [{ role: 'user', content: 'x' }], stream: true })
    .withResponse();
  const types: string[] = [];
  let text = '';
  for await (const event of stream) {
    types.push(event.type);
    if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
  }
  assert.is(text, 'second try');
  assert.is(types.filter((type) => type === 'message_start').length, 1);
  assert.is(response.headers.get('x-conduit-attempts'), '2');
  assert.is(openaiFake.requests().length - before, 2);
});

errors('an unknown model is a 404 not_found_error', async () => {
  const failure = await client.messages.create({ model: 'no-such-model', max_tokens: 8, messages: [{ role: 'user', content: 'x' }] }).catch((error: unknown) => error);
  assert.instance(failure, Anthropic.NotFoundError);
  assert.is((failure as { error: { error: { type: string } } }).error.error.type, 'not_found_error');
  assert.match((failure as InstanceType<typeof Anthropic.APIError>).requestID ?? '', /^req_/);
});

errors('an unknown URL beside /v1/messages is a 404 in Anthropic format', async () => {
  const response = await fetch(`${harness.url}/v1/messages/batches`, { method: 'POST', headers: { 'x-api-key': key, 'content-type': 'application/json' }, body: '{}' });
  assert.is(response.status, 404);
  assert.is(((await response.json()) as { type: string; error: { type: string } }).error.type, 'not_found_error');
});

errors('bad input is a 400 invalid_request_error naming the field', async () => {
  const missing = await client.messages
    .create({ model: 'via-openai', messages: [{ role: 'user', content: 'x' }] } as unknown as Anthropic.MessageCreateParamsNonStreaming)
    .catch((error: unknown) => error);
  assert.instance(missing, Anthropic.BadRequestError);
  const body = (missing as { error: { type: string; error: { type: string; message: string } } }).error;
  assert.is(body.type, 'error');
  assert.is(body.error.type, 'invalid_request_error');
  assert.match(body.error.message, /max_tokens/);

  const badBlock = await client.messages
    .create({ model: 'via-openai', max_tokens: 8, messages: [{ role: 'user', content: [{ type: 'video', url: 'x' }] }] } as unknown as Anthropic.MessageCreateParamsNonStreaming)
    .catch((error: unknown) => error);
  assert.instance(badBlock, Anthropic.BadRequestError);
  assert.match((badBlock as { error: { error: { message: string } } }).error.error.message, /messages\[0\]\.content/);

  const notJson = await fetch(`${harness.url}/v1/messages`, { method: 'POST', headers: { 'x-api-key': key, 'content-type': 'application/json' }, body: '{"model":' });
  assert.is(notJson.status, 400);
  assert.is(((await notJson.json()) as { error: { type: string } }).error.type, 'invalid_request_error');
});

errors('an overloaded upstream is a 529 overloaded_error', async () => {
  openaiFake.enqueue({ type: 'http-error', status: 503, message: 'busy' });
  const failure = await client.messages.create({ model: 'via-openai', max_tokens: 8, messages: [{ role: 'user', content: 'x' }] }).catch((error: unknown) => error);
  openaiFake.reset();
  assert.instance(failure, Anthropic.InternalServerError);
  assert.is((failure as { status: number }).status, 529);
  assert.is((failure as { error: { error: { type: string } } }).error.error.type, 'overloaded_error');
});

errors('every gateway error has its Anthropic type; only an upstream overload changes status', () => {
  const cases: Array<[number, string | null, string, number]> = [
    [400, 'invalid_value', 'invalid_request_error', 400],
    [401, 'invalid_api_key', 'authentication_error', 401],
    [403, 'model_not_allowed', 'permission_error', 403],
    [404, 'model_not_found', 'not_found_error', 404],
    [413, 'request_too_large', 'request_too_large', 413],
    [429, 'budget_exceeded', 'rate_limit_error', 429],
    [500, 'internal_error', 'api_error', 500],
    [502, 'upstream_server', 'api_error', 502],
    [503, 'no_healthy_deployment', 'api_error', 503],
    [503, 'upstream_overloaded', 'overloaded_error', 529],
    [504, 'upstream_timeout', 'timeout_error', 504],
  ];
  for (const [status, code, type, answered] of cases) {
    const error = new GatewayError({ status, code, type: 'server_error', message: `failure ${code}` });
    assert.equal(anthropicIngress.errorBody(error), { type: 'error', error: { type, message: `failure ${code}` } }, String(code));
    assert.is(anthropicIngress.errorStatus(error), answered, String(code));
  }
});

errors('a spent budget is a 429 rate_limit_error', async () => {
  const { key: poor, id } = await harness.createKey({ name: 'poor', maxBudget: 1 });
  await harness.graphql('mutation($id: ID!) { updateVirtualKey(id: $id, input: { maxBudget: 0 }) { id } }', { id });
  const failure = await anthropic(poor).messages.create({ model: 'via-openai', max_tokens: 8, messages: [{ role: 'user', content: 'x' }] }).catch((error: unknown) => error);
  assert.instance(failure, Anthropic.RateLimitError);
  assert.is((failure as { error: { error: { type: string } } }).error.error.type, 'rate_limit_error');
});

errors('a client that goes away mid-stream aborts the upstream', async () => {
  openaiFake.enqueue({ type: 'message', text: 'aaaa bbbb cccc dddd eeee ffff', finish: 'stop', usage: { input: 4, output: 6 }, pieces: 6 });
  openaiFake.setChunkDelay(150);
  try {
    const controller = new AbortController();
    const stream = await client.messages.create(
      { model: 'via-openai', max_tokens: 64, messages: [{ role: 'user', content: 'x' }], stream: true },
      { signal: controller.signal },
    );
    try {
      for await (const event of stream) if (event.type === 'content_block_delta') controller.abort();
    } catch {
      // The SDK reports the abort.
    }
    await openaiFake.clientClosed();
  } finally {
    openaiFake.setChunkDelay(0);
  }
});

errors.run();

const counting = suite('/v1/messages/count_tokens and the request log');

counting('count_tokens answers the prompt tokens without calling a provider', async () => {
  const before = openaiFake.requests().length;
  const short = await client.messages.countTokens({ model: 'via-openai', messages: [{ role: 'user', content: 'Hello' }] });
  const long = await client.messages.countTokens({
    model: 'via-openai',
    system: 'You are a careful assistant who answers every question at length.',
    messages: [{ role: 'user', content: 'Hello there, how are you doing today?' }],
    tools: [weatherTool],
  });
  assert.ok(short.input_tokens >= 1);
  assert.ok(long.input_tokens > short.input_tokens + 10, `${long.input_tokens} vs ${short.input_tokens}`);
  assert.is(openaiFake.requests().length, before);
  const unknown = await client.messages.countTokens({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] }).catch((error: unknown) => error);
  assert.instance(unknown, Anthropic.NotFoundError);
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

counting('answers and streams are logged under the messages endpoint with the provider usage', async () => {
  openaiFake.enqueue({ type: 'message', text: 'logged', finish: 'stop', usage: { input: 7, output: 2 } });
  const whole = await client.messages.create({ model: 'via-openai', max_tokens: 8, messages: [{ role: 'user', content: 'x' }] }).withResponse();
  const logged = { endpoint: 'messages', model: 'via-openai', providerModel: 'gpt-4o-mini', status: 200, usageEstimated: false };
  const requestId = whole.response.headers.get('x-request-id');
  assert.equal(await loggedRow(requestId), { ...logged, requestId, stream: false, promptTokens: 7, completionTokens: 2 });

  openaiFake.enqueue({ type: 'message', text: 'streamed and logged', finish: 'stop', usage: { input: 9, output: 4 } });
  const streamed = await client.messages.create({ model: 'via-openai', max_tokens: 8, messages: [{ role: 'user', content: 'x' }], stream: true }).withResponse();
  for await (const event of streamed.data) void event;
  const streamId = streamed.response.headers.get('x-request-id');
  assert.equal(await loggedRow(streamId), { ...logged, requestId: streamId, stream: true, promptTokens: 9, completionTokens: 4 });
});

counting('cache writes kept for an hour are billed at their own price, whole and streamed, and told apart in a whole answer’s usage', async () => {
  await harness.graphql('mutation { createModelCost(input: { model: "via-anthropic", inputPerMillion: 3, outputPerMillion: 15, cacheWritePerMillion: 3.75, cacheWrite1hPerMillion: 6 }) { id } }');
  const costOf = async (requestId: string | null): Promise<number | undefined> => {
    for (let attempt = 0; attempt < 50; attempt++) {
      const logs = await harness.graphql<{ requestLogs: { edges: Array<{ node: { requestId: string; cost: number } }> } }>('{ requestLogs(first: 10) { edges { node { requestId cost } } } }');
      const row = logs.requestLogs.edges.find((edge) => edge.node.requestId === requestId)?.node;
      if (row) return row.cost;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return undefined;
  };
  // 10 plain input at $3/M, 200 five-minute writes at $3.75/M, 100 one-hour writes at $6/M, 5 output at $15/M.
  const expected = (10 * 3 + 200 * 3.75 + 100 * 6 + 5 * 15) / 1e6;
  const usage = { input: 10, output: 5, cacheWrite: 300, cacheWrite1h: 100 };
  anthropicFake.enqueue({ type: 'message', text: 'cached for an hour', finish: 'stop', usage });
  const whole = await client.messages.create({ model: 'via-anthropic', max_tokens: 16, messages: [{ role: 'user', content: 'a long prompt, cached for an hour' }] }).withResponse();
  assert.is(whole.data.usage.cache_creation_input_tokens, 300);
  assert.equal(whole.data.usage.cache_creation, { ephemeral_5m_input_tokens: 200, ephemeral_1h_input_tokens: 100 });
  assert.is(await costOf(whole.response.headers.get('x-request-id')), expected);

  anthropicFake.enqueue({ type: 'message', text: 'streamed, cached for an hour', finish: 'stop', usage });
  const stream = client.messages.stream({ model: 'via-anthropic', max_tokens: 16, messages: [{ role: 'user', content: 'a long prompt, streamed' }] });
  const streamed = await stream.finalMessage();
  // A stream's usage arrives with its end; Anthropic's message_delta has no cache_creation (only message_start, sent first).
  assert.is(streamed.usage.cache_creation_input_tokens, 300);
  const { response } = await stream.withResponse();
  assert.is(await costOf(response.headers.get('x-request-id')), expected);
});

counting.run();

const models = suite('/v1/models for Anthropic clients');

models("the model list in Anthropic's shape, paged as the SDK pages it; OpenAI's clients keep theirs", async () => {
  const expected = ['failover', 'via-anthropic', 'via-openai'];
  const listed: Anthropic.ModelInfo[] = [];
  // One model a page: the SDK follows has_more and last_id.
  for await (const model of client.models.list({ limit: 1 })) listed.push(model);
  assert.equal(
    listed.map((model) => [model.type, model.id, model.display_name]),
    expected.map((id) => ['model', id, id]),
  );
  assert.ok(listed.every((model) => !Number.isNaN(Date.parse(model.created_at)) && model.created_at.endsWith('Z')), listed[0]!.created_at);
  const first = await client.models.list({ limit: 2 });
  assert.equal([first.data.map((model) => model.id), first.has_more, first.first_id, first.last_id], [expected.slice(0, 2), true, 'failover', 'via-anthropic']);
  const before = await client.models.list({ before_id: 'via-openai', limit: 1 });
  assert.equal([before.data.map((model) => model.id), before.has_more], [['via-anthropic'], true]);
  const after = await client.models.list({ after_id: 'via-anthropic' });
  assert.equal([after.data.map((model) => model.id), after.has_more], [['via-openai'], false]);

  const one = await client.models.retrieve('via-anthropic');
  assert.equal([one.type, one.id], ['model', 'via-anthropic']);
  try {
    await client.models.retrieve('no-such-model');
    assert.unreachable('an unknown model is not found');
  } catch (error) {
    assert.instance(error, Anthropic.NotFoundError);
    assert.is((error as InstanceType<typeof Anthropic.NotFoundError>).type, 'not_found_error');
  }
  try {
    await client.models.list({ limit: 0 });
    assert.unreachable('limit 0 is refused');
  } catch (error) {
    assert.instance(error, Anthropic.BadRequestError);
  }

  // Without anthropic-version: OpenAI's list, and OpenAI's errors under /v1/models.
  const openai = await fetch(`${harness.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } });
  const body = (await openai.json()) as { object: string; data: Array<{ object: string; id: string }> };
  assert.equal([body.object, body.data.map((model) => [model.object, model.id])], ['list', expected.map((id) => ['model', id])]);
  const missing = await fetch(`${harness.url}/v1/models/no-such-model`, { headers: { authorization: `Bearer ${key}` } });
  assert.is(((await missing.json()) as { error: { code: string } }).error.code, 'model_not_found');
});

models.run();

const teardown = suite('anthropic ingress teardown');
teardown('everything stops', async () => {
  await harness?.close();
  await openaiFake?.close();
  await anthropicFake?.close();
});
teardown.run();
