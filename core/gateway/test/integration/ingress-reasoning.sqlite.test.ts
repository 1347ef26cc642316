/**
 * A model's reasoning through the Anthropic (`/v1/messages`) and Responses (`/v1/responses`)
 * ingresses, driven by the official SDKs through a real gateway in front of the Mistral fake, whose
 * reasoning models send `thinking` chunks (the Mistral plugin relays them as `reasoning_content`):
 * a thinking block and a reasoning item, whole and streamed, with the SDKs' own stream accumulators
 * (a wrong block or output index, or an event out of order, fails them), and reasoning settings
 * reaching the provider as `reasoning_effort`.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { startMistralFakeUpstream, type MistralFakeUpstream } from '../../../../plugins/provider-mistral/test/fake-mistral-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';

let harness: TestGateway;
let fake: MistralFakeUpstream;
let anthropic: Anthropic;
let openai: OpenAI;

const model = 'thinker';
const upstreamModel = 'magistral-medium-latest';
const completionId = 'c0ffee0123456789abcdef0123456789';
// Mistral requires tool call ids of nine alphanumerics.
const toolCallId = 'WcG8xhSs1';

const thinking = (text: string) => ({ type: 'thinking', thinking: [{ type: 'text', text }] });
const chunk = (delta: Record<string, unknown>, finish: string | null = null, extra: Record<string, unknown> = {}) => ({
  id: completionId,
  object: 'chat.completion.chunk',
  created: 1769088912,
  model: upstreamModel,
  choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
  ...extra,
});
const usageWithReasoning = { prompt_tokens: 10, completion_tokens: 46, total_tokens: 56, completion_tokens_details: { reasoning_tokens: 30 } };

/** A whole Mistral answer: thinking, then the text. */
function enqueueThinkingBody(reasoning: string, text: string): void {
  fake.enqueue({
    type: 'body',
    body: {
      id: completionId,
      object: 'chat.completion',
      created: 1769088912,
      model: upstreamModel,
      usage: usageWithReasoning,
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', tool_calls: null, content: [thinking(reasoning), { type: 'text', text }] } }],
    },
  });
}

/** A Mistral stream: thinking in two pieces, text in two, then a tool call. */
function enqueueThinkingStream(): void {
  fake.enqueue({
    type: 'chunks',
    done: true,
    chunks: [
      chunk({ role: 'assistant', content: [thinking('The user asks ')] }),
      chunk({ content: [thinking('for the weather.')] }),
      chunk({ content: 'Let me ' }),
      chunk({ content: 'look.' }),
      chunk({ tool_calls: [{ id: toolCallId, function: { name: 'get_weather', arguments: '{"city":' }, index: 0 }] }),
      chunk({ tool_calls: [{ id: toolCallId, function: { name: '', arguments: '"Paris"}' }, index: 0 }] }),
      chunk({ content: '' }, 'tool_calls', { usage: usageWithReasoning }),
    ],
  });
}

/** A Mistral stream cut by the output limit while the model was still thinking. */
function enqueueStreamCutWhileThinking(): void {
  fake.enqueue({
    type: 'chunks',
    done: true,
    chunks: [
      chunk({ role: 'assistant', content: [thinking('First, consider ')] }),
      chunk({ content: [thinking('the')] }, 'length', { usage: { prompt_tokens: 10, completion_tokens: 16, total_tokens: 26, completion_tokens_details: { reasoning_tokens: 16 } } }),
    ],
  });
}

function enqueuePlainBody(text: string): void {
  fake.enqueue({ type: 'message', text, finish: 'stop', usage: { input: 7, output: 2 } });
}

const lastBody = (): Record<string, unknown> => fake.lastRequest().body as Record<string, unknown>;

const setup = suite('ingress reasoning setup');
setup('a gateway with a reasoning model on the Mistral fake', async () => {
  fake = await startMistralFakeUpstream();
  harness = await startTestGateway();
  const provider = await harness.createProvider({ name: 'mistral-fake', type: 'mistral', baseUrl: fake.provider.baseUrl, apiKey: fake.apiKey });
  await harness.createDeployment({ modelName: model, providerId: provider, providerModel: upstreamModel });
  const { key } = await harness.createKey();
  anthropic = new Anthropic({ apiKey: key, baseURL: harness.url, maxRetries: 0, timeout: 20_000 });
  openai = new OpenAI({ apiKey: key, baseURL: `${harness.url}/v1`, maxRetries: 0, timeout: 20_000 });
});
setup.run();

const weatherTool: Anthropic.Tool = {
  name: 'get_weather',
  description: 'Weather for a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

const messages = suite('/v1/messages: thinking');

messages('a whole answer has the thinking block before the text, and the thinking tokens in usage', async () => {
  enqueueThinkingBody('Basic arithmetic.', '4');
  const message = await anthropic.messages.create({ model, max_tokens: 2048, messages: [{ role: 'user', content: '2+2?' }] });
  assert.equal(message.content, [
    { type: 'thinking', thinking: 'Basic arithmetic.', signature: '' },
    { type: 'text', text: '4' },
  ] as unknown);
  assert.is(message.usage.output_tokens, 46);
  assert.equal(message.usage.output_tokens_details, { thinking_tokens: 30 });
});

messages('stream: thinking, text and tool_use blocks in order, each at its own index, through messages.stream()', async () => {
  enqueueThinkingStream();
  const stream = anthropic.messages.stream({ model, max_tokens: 2048, tools: [weatherTool], messages: [{ role: 'user', content: 'Weather in Paris?' }] });
  const thoughts: string[] = [];
  const started: Array<[number, string]> = [];
  stream.on('thinking', (delta) => thoughts.push(delta));
  stream.on('streamEvent', (event) => {
    if (event.type === 'content_block_start') started.push([event.index, event.content_block.type]);
  });
  const final = await stream.finalMessage();
  assert.equal(thoughts, ['The user asks ', 'for the weather.']);
  assert.equal(started, [[0, 'thinking'], [1, 'text'], [2, 'tool_use']]);
  assert.equal(final.content, [
    { type: 'thinking', thinking: 'The user asks for the weather.', signature: '' },
    { type: 'text', text: 'Let me look.' },
    { type: 'tool_use', id: toolCallId, name: 'get_weather', input: { city: 'Paris' } },
  ] as unknown);
  assert.is(final.stop_reason, 'tool_use');
  assert.is(final.usage.output_tokens, 46);
  assert.equal(final.usage.output_tokens_details, { thinking_tokens: 30 });
});

messages('stream: a thinking block is closed before the text block opens, and has no signature_delta', async () => {
  enqueueThinkingStream();
  const stream = await anthropic.messages.create({ model, max_tokens: 2048, tools: [weatherTool], messages: [{ role: 'user', content: 'Weather?' }], stream: true });
  const events: string[] = [];
  for await (const event of stream) {
    if (event.type === 'content_block_start') events.push(`start ${event.index}`);
    else if (event.type === 'content_block_stop') events.push(`stop ${event.index}`);
    else if (event.type === 'content_block_delta') events.push(`${event.delta.type} ${event.index}`);
  }
  assert.equal(events, [
    'start 0', 'thinking_delta 0', 'thinking_delta 0', 'stop 0',
    'start 1', 'text_delta 1', 'text_delta 1', 'stop 1',
    'start 2', 'input_json_delta 2', 'input_json_delta 2', 'stop 2',
  ]);
});

messages('stream: cut by max_tokens while thinking, the message holds the thinking block alone and stop_reason max_tokens', async () => {
  enqueueStreamCutWhileThinking();
  const final = await anthropic.messages.stream({ model, max_tokens: 16, messages: [{ role: 'user', content: 'Hard question' }] }).finalMessage();
  assert.equal(final.content, [{ type: 'thinking', thinking: 'First, consider the', signature: '' }] as unknown);
  assert.is(final.stop_reason, 'max_tokens');
  assert.equal(final.usage.output_tokens_details, { thinking_tokens: 16 });
});

messages('output_config.effort reaches the provider as reasoning_effort with adaptive or enabled thinking', async () => {
  for (const thinkingConfig of [{ type: 'adaptive' }, { type: 'enabled', budget_tokens: 2048 }] as const) {
    enqueuePlainBody('ok');
    await anthropic.messages.create({ model, max_tokens: 4096, thinking: thinkingConfig, output_config: { effort: 'high' }, messages: [{ role: 'user', content: 'Think hard.' }] });
    assert.is(lastBody().reasoning_effort, 'high', thinkingConfig.type);
  }
});

messages('thinking disabled, or a budget without an effort, sends no reasoning_effort (the chat request has no budget)', async () => {
  enqueuePlainBody('ok');
  await anthropic.messages.create({ model, max_tokens: 64, thinking: { type: 'disabled' }, output_config: { effort: 'high' }, messages: [{ role: 'user', content: 'Quick.' }] });
  assert.not.ok('reasoning_effort' in lastBody());
  enqueuePlainBody('ok');
  await anthropic.messages.create({ model, max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 2048 }, messages: [{ role: 'user', content: 'Think.' }] });
  assert.not.ok('reasoning_effort' in lastBody());
});

messages('a thinking setting that is not an object with a type is refused in Anthropic format, before any provider is called', async () => {
  const before = fake.requests().length;
  for (const bad of [{ budget_tokens: 2048 }, { type: 'enabled', budget_tokens: 'lots' }, 'enabled']) {
    const error = await anthropic.messages
      .create({ model, max_tokens: 64, thinking: bad, messages: [{ role: 'user', content: 'x' }] } as unknown as Anthropic.MessageCreateParamsNonStreaming)
      .then(() => undefined, (caught: unknown) => caught);
    assert.instance(error, Anthropic.BadRequestError, JSON.stringify(bad));
    assert.match((error as Error).message, /thinking/);
  }
  assert.is(fake.requests().length, before);
});

messages('an answer without reasoning has no thinking block and no output_tokens_details', async () => {
  enqueuePlainBody('Hi there');
  const message = await anthropic.messages.create({ model, max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] });
  assert.equal(message.content, [{ type: 'text', text: 'Hi there' }] as unknown);
  assert.not.ok('output_tokens_details' in message.usage);
});

messages.run();

const weatherFunction: OpenAI.Responses.FunctionTool = {
  type: 'function',
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
  strict: true,
};

const responses = suite('/v1/responses: reasoning');

responses('a whole answer has a reasoning item of reasoning_text before the message, and reasoning tokens in usage', async () => {
  enqueueThinkingBody('Basic arithmetic.', '4');
  const response = await openai.responses.create({ model, input: '2+2?' });
  assert.is(response.output.length, 2);
  const [reasoning, message] = response.output;
  assert.ok(reasoning?.type === 'reasoning');
  assert.match(reasoning.id, /^rs_/);
  assert.equal(reasoning.summary, []);
  assert.equal(reasoning.content, [{ type: 'reasoning_text', text: 'Basic arithmetic.' }]);
  assert.is(reasoning.status, 'completed');
  assert.is(message?.type, 'message');
  assert.is(response.output_text, '4');
  assert.is(response.usage?.output_tokens, 46);
  assert.is(response.usage?.output_tokens_details.reasoning_tokens, 30);
});

responses('stream: reasoning, message and function_call items through responses.stream(), with consistent indexes and sequence numbers', async () => {
  enqueueThinkingStream();
  const stream = openai.responses.stream({ model, input: 'Weather in Paris?', tools: [weatherFunction] });
  const events: OpenAI.Responses.ResponseStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  const final = await stream.finalResponse();

  assert.equal(events.map((event) => event.sequence_number), events.map((_, index) => index));
  assert.equal(final.output.map((item) => item.type), ['reasoning', 'message', 'function_call']);
  const reasoning = final.output[0];
  assert.ok(reasoning?.type === 'reasoning');
  assert.equal(reasoning.content, [{ type: 'reasoning_text', text: 'The user asks for the weather.' }]);
  assert.is(reasoning.status, 'completed');
  assert.is(final.output_text, 'Let me look.');
  const call = final.output[2];
  assert.ok(call?.type === 'function_call');
  assert.equal([call.call_id, call.name, call.arguments], [toolCallId, 'get_weather', '{"city":"Paris"}']);
  assert.is(final.usage?.output_tokens_details.reasoning_tokens, 30);

  const reasoningEvents = events
    .filter((event) => 'output_index' in event && event.output_index === 0 && event.type !== 'response.output_item.added' && event.type !== 'response.output_item.done')
    .map((event) => event.type);
  assert.equal(reasoningEvents, [
    'response.content_part.added',
    'response.reasoning_text.delta',
    'response.reasoning_text.delta',
    'response.reasoning_text.done',
    'response.content_part.done',
  ]);
  const deltas = events.filter((event) => event.type === 'response.reasoning_text.delta');
  assert.equal(deltas.map((event) => [event.item_id, event.content_index, event.delta]), [
    [reasoning.id, 0, 'The user asks '],
    [reasoning.id, 0, 'for the weather.'],
  ]);
  const added = events.filter((event) => event.type === 'response.output_item.added').map((event) => [event.output_index, event.item.type]);
  assert.equal(added, [[0, 'reasoning'], [1, 'message'], [2, 'function_call']]);
  const firstMessageEvent = events.findIndex((event) => event.type === 'response.output_item.added' && event.item.type === 'message');
  const reasoningDone = events.findIndex((event) => event.type === 'response.output_item.done' && event.item.type === 'reasoning');
  assert.ok(reasoningDone < firstMessageEvent, 'the reasoning item is done before the message item starts');
});

responses('stream: cut by max_output_tokens while reasoning, the Response is incomplete with its reasoning item incomplete', async () => {
  enqueueStreamCutWhileThinking();
  const final = await openai.responses.stream({ model, input: 'Hard question', max_output_tokens: 16 }).finalResponse();
  assert.is(final.status, 'incomplete');
  assert.equal(final.incomplete_details, { reason: 'max_output_tokens' });
  assert.equal(final.output.map((item) => [item.type, 'status' in item ? item.status : undefined]), [['reasoning', 'incomplete']]);
  assert.is(final.output_text, '');
  assert.is(final.usage?.output_tokens_details.reasoning_tokens, 16);
});

responses('reasoning.effort reaches the provider as reasoning_effort and is echoed; no summary is claimed', async () => {
  enqueuePlainBody('ok');
  const response = await openai.responses.create({ model, input: 'Think hard.', reasoning: { effort: 'high', summary: 'auto' } });
  assert.is(lastBody().reasoning_effort, 'high');
  assert.equal(response.reasoning, { effort: 'high', summary: null });
});

responses('a reasoning effort that is not a string is refused in OpenAI format, before any provider is called', async () => {
  const before = fake.requests().length;
  const error = await openai.responses
    .create({ model, input: 'x', reasoning: { effort: 3 } } as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming)
    .then(() => undefined, (caught: unknown) => caught);
  assert.instance(error, OpenAI.BadRequestError);
  assert.match((error as Error).message, /reasoning/);
  assert.is(fake.requests().length, before);
});

responses('an answer without reasoning has only its message item and 0 reasoning tokens', async () => {
  enqueuePlainBody('Hi there');
  const response = await openai.responses.create({ model, input: 'Hi' });
  assert.equal(response.output.map((item) => item.type), ['message']);
  assert.is(response.output_text, 'Hi there');
  assert.is(response.usage?.output_tokens_details.reasoning_tokens, 0);
});

responses.run();

const teardown = suite('ingress reasoning teardown');
teardown('close', async () => {
  await harness?.close();
  await fake?.close();
});
teardown.run();
