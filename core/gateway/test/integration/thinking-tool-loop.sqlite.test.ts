/**
 * A two-turn tool loop with Claude thinking through a real gateway, in front of the fake Anthropic
 * API (which signs thinking and, like the real API, refuses a tool loop whose assistant turn lost its
 * thinking block): the official `@anthropic-ai/sdk` on `/v1/messages` and the `openai` SDK on
 * `/v1/chat/completions`, and the `openai` SDK on `/v1/responses` (the blocks in a reasoning item's
 * `encrypted_content`), whole and streamed. The second request must reach the fake with the first
 * turn's signed thinking block, unchanged.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { AssembledFakeUpstream } from '@conduit/plugin-api/conformance';
import { startAnthropicFakeUpstream } from '../../../../plugins/provider-anthropic/test/fake-anthropic-upstream.ts';
import { startOpenAIFakeUpstream, type OpenAIFakeUpstream } from '../../../../plugins/provider-openai/test/fake-openai-upstream.ts';
import type { AnthropicScriptedReply } from '../../../../plugins/provider-anthropic/test/fake/anthropic-reply-bodies.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';

let harness: TestGateway;
let fake: AssembledFakeUpstream<AnthropicScriptedReply>;
let openaiFake: OpenAIFakeUpstream;
let anthropic: Anthropic;
let openai: OpenAI;

const model = 'claude-thinker';
const call = { id: 'toolu_01ParisWeather', name: 'get_weather', arguments: '{"city":"Paris"}' };
const weatherTool: Anthropic.Tool = {
  name: 'get_weather',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const openaiTool: OpenAI.ChatCompletionTool = { type: 'function', function: { name: 'get_weather', parameters: weatherTool.input_schema as Record<string, unknown> } };
const question = 'Weather in Paris?';

type SentBody = { thinking?: unknown; messages: Array<{ role: string; content: unknown }> };
const sent = (): SentBody => fake.lastRequest().body as SentBody;

function enqueueToolTurn(thought: string, redacted = false): void {
  fake.enqueue({
    type: 'message',
    thinking: [{ type: 'thinking', thinking: thought }, ...(redacted ? [{ type: 'redacted_thinking' as const }] : [])],
    toolCalls: [call],
    finish: 'tool_calls',
    usage: { input: 40, output: 30 },
  });
}
const enqueueAnswer = (): void => fake.enqueue({ type: 'message', text: 'Sunny in Paris.', finish: 'stop', usage: { input: 60, output: 5 } });

const setup = suite('thinking tool loop setup');
setup('a gateway with a thinking Claude model on the Anthropic fake', async () => {
  fake = await startAnthropicFakeUpstream();
  harness = await startTestGateway();
  const { apiKey } = fake.provider.credentials;
  const provider = await harness.createProvider({ name: 'anthropic-fake', type: 'anthropic', baseUrl: fake.provider.baseUrl, apiKey, options: fake.provider.options });
  await harness.createDeployment({ modelName: model, providerId: provider, providerModel: 'claude-haiku-4-5' });
  openaiFake = await startOpenAIFakeUpstream();
  const openaiProvider = await harness.createOpenAIProvider('openai-fake', openaiFake);
  await harness.createDeployment({ modelName: 'gpt-elsewhere', providerId: openaiProvider, providerModel: 'gpt-4o-mini' });
  const { key } = await harness.createKey();
  anthropic = new Anthropic({ apiKey: key, baseURL: harness.url, maxRetries: 0, timeout: 20_000 });
  openai = new OpenAI({ apiKey: key, baseURL: `${harness.url}/v1`, maxRetries: 0, timeout: 20_000 });
});
setup.run();

const messages = suite('/v1/messages (@anthropic-ai/sdk): tool loop with thinking');
const ask = (conversation: Anthropic.MessageParam[]) => ({
  model,
  max_tokens: 8000,
  tools: [weatherTool],
  thinking: { type: 'adaptive' as const },
  output_config: { effort: 'medium' as const },
  messages: conversation,
});
const loop = (assistant: Anthropic.ContentBlockParam[]): Anthropic.MessageParam[] => [
  { role: 'user', content: question },
  { role: 'assistant', content: assistant },
  { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'Sunny' }] },
];

messages('the signed thinking and redacted blocks come back, and go back to Claude unchanged', async () => {
  enqueueToolTurn('I should call the weather tool.', true);
  const first = await anthropic.messages.create(ask([{ role: 'user', content: question }]));
  assert.equal(first.content.map((block) => block.type), ['thinking', 'redacted_thinking', 'tool_use']);
  const upstream = fake.lastRequest().body as { thinking?: unknown };
  assert.equal(upstream.thinking, { type: 'enabled', budget_tokens: 2048 });
  const thinking = first.content[0] as Anthropic.ThinkingBlock;
  assert.is(thinking.thinking, 'I should call the weather tool.');
  assert.ok(thinking.signature.length > 20, 'a real signature, not an empty one');

  enqueueAnswer();
  const second = await anthropic.messages.create(ask(loop(first.content as Anthropic.ContentBlockParam[])));
  assert.is((second.content.at(-1) as Anthropic.TextBlock).text, 'Sunny in Paris.');
  const body = sent();
  assert.ok(body.thinking, 'thinking stays on in the second turn');
  const returned = body.messages[1].content as unknown[];
  assert.equal(returned.slice(0, 2), first.content.slice(0, 2));
});

messages('streamed: the thinking block ends with signature_delta, the SDK assembles it, and it goes back', async () => {
  enqueueToolTurn('Streaming: use the tool.');
  const stream = anthropic.messages.stream(ask([{ role: 'user', content: question }]));
  const signatures: string[] = [];
  stream.on('streamEvent', (event) => {
    if (event.type === 'content_block_delta' && event.delta.type === 'signature_delta') signatures.push(event.delta.signature);
  });
  const first = await stream.finalMessage();
  const thinking = first.content[0] as Anthropic.ThinkingBlock;
  assert.is(thinking.type, 'thinking');
  assert.is(thinking.thinking, 'Streaming: use the tool.');
  assert.equal(signatures, [thinking.signature]);
  assert.ok(thinking.signature.length > 20);

  enqueueAnswer();
  const second = await anthropic.messages.stream(ask(loop(first.content as Anthropic.ContentBlockParam[]))).finalMessage();
  assert.is((second.content.at(-1) as Anthropic.TextBlock).text, 'Sunny in Paris.');
  assert.equal((sent().messages[1].content as unknown[])[0], { type: 'thinking', thinking: 'Streaming: use the tool.', signature: thinking.signature });
});

messages('a client that drops the thinking keeps working: the gateway asks without thinking for that turn', async () => {
  enqueueAnswer();
  const toolUse: Anthropic.ContentBlockParam = { type: 'tool_use', id: call.id, name: call.name, input: { city: 'Paris' } };
  const answer = await anthropic.messages.create(ask(loop([toolUse])));
  assert.is((answer.content.at(-1) as Anthropic.TextBlock).text, 'Sunny in Paris.');
  assert.is(sent().thinking, undefined);
});

messages('an edited thinking block is refused by Claude, and the client sees Anthropic’s 400', async () => {
  enqueueToolTurn('Original thought.');
  const first = await anthropic.messages.create(ask([{ role: 'user', content: question }]));
  const edited = first.content.map((block) => (block.type === 'thinking' ? { ...block, thinking: 'Edited thought.' } : block));
  try {
    await anthropic.messages.create(ask(loop(edited as Anthropic.ContentBlockParam[])));
    assert.unreachable('the edited block should be refused');
  } catch (error) {
    assert.instance(error, Anthropic.BadRequestError);
    assert.match((error as Error).message, 'signature');
  }
});
messages.run();

const chat = suite('/v1/chat/completions (openai SDK): tool loop with thinking_blocks');
type ThinkingBlock = { type: 'thinking'; thinking: string; signature?: string } | { type: 'redacted_thinking'; data: string };
type WithThinking = { reasoning_content?: string; thinking_blocks?: ThinkingBlock[] };

const followUp = (assistant: OpenAI.ChatCompletionAssistantMessageParam & WithThinking): OpenAI.ChatCompletionMessageParam[] => [
  { role: 'user', content: question },
  assistant as OpenAI.ChatCompletionAssistantMessageParam,
  { role: 'tool', tool_call_id: call.id, content: 'Sunny' },
];

chat('the answer carries thinking_blocks; sent back on the assistant message, they reach Claude signed', async () => {
  enqueueToolTurn('Chat completions thought.', true);
  const first = await openai.chat.completions.create({ model, reasoning_effort: 'medium', tools: [openaiTool], messages: [{ role: 'user', content: question }] });
  const message = first.choices[0].message as OpenAI.ChatCompletionMessage & WithThinking;
  assert.is(message.reasoning_content, 'Chat completions thought.');
  assert.equal(message.thinking_blocks?.map((block) => block.type), ['thinking', 'redacted_thinking']);

  enqueueAnswer();
  const second = await openai.chat.completions.create({
    model,
    reasoning_effort: 'medium',
    tools: [openaiTool],
    messages: followUp({ role: 'assistant', content: message.content, tool_calls: message.tool_calls, thinking_blocks: message.thinking_blocks }),
  });
  assert.is(second.choices[0].message.content, 'Sunny in Paris.');
  assert.ok(sent().thinking);
  assert.equal((sent().messages[1].content as unknown[]).slice(0, 2), message.thinking_blocks);
});

chat('streamed: the signed block arrives as a thinking_blocks delta, and goes back', async () => {
  enqueueToolTurn('Streamed chat thought.');
  const stream = await openai.chat.completions.create({ model, reasoning_effort: 'low', stream: true, tools: [openaiTool], messages: [{ role: 'user', content: question }] });
  const blocks: ThinkingBlock[] = [];
  let reasoning = '';
  let args = '';
  for await (const chunk of stream) {
    const delta = chunk.choices[0]?.delta as (OpenAI.ChatCompletionChunk.Choice.Delta & WithThinking) | undefined;
    reasoning += delta?.reasoning_content ?? '';
    blocks.push(...(delta?.thinking_blocks ?? []));
    args += delta?.tool_calls?.map((piece) => piece.function?.arguments ?? '').join('') ?? '';
  }
  assert.is(reasoning, 'Streamed chat thought.');
  assert.is(blocks.length, 1);
  assert.is((blocks[0] as { thinking: string }).thinking, 'Streamed chat thought.');

  enqueueAnswer();
  const second = await openai.chat.completions.create({
    model,
    reasoning_effort: 'low',
    tools: [openaiTool],
    messages: followUp({ role: 'assistant', content: null, tool_calls: [{ id: call.id, type: 'function', function: { name: call.name, arguments: args } }], thinking_blocks: blocks }),
  });
  assert.is(second.choices[0].message.content, 'Sunny in Paris.');
  assert.equal((sent().messages[1].content as unknown[])[0], blocks[0]);
  assert.equal(sent().thinking, { type: 'enabled', budget_tokens: 1024 });
});

chat('a malformed thinking block is refused with a 400 naming it', async () => {
  try {
    await openai.chat.completions.create({
      model,
      messages: followUp({ role: 'assistant', content: null, tool_calls: [{ id: call.id, type: 'function', function: { name: call.name, arguments: '{}' } }], thinking_blocks: [{ type: 'thinking' } as ThinkingBlock] }),
    });
    assert.unreachable('the malformed block should be refused');
  } catch (error) {
    assert.instance(error, OpenAI.BadRequestError);
    assert.match((error as Error).message, 'thinking_blocks');
  }
});

chat('an OpenAI upstream never sees thinking_blocks, which OpenAI refuses as an unknown message field', async () => {
  openaiFake.enqueue({ type: 'message', text: 'Sunny.', finish: 'stop', usage: { input: 9, output: 2 } });
  const blocks: ThinkingBlock[] = [{ type: 'thinking', thinking: 'Signed for Claude.', signature: 'c2lnbmVk' }];
  await openai.chat.completions.create({
    model: 'gpt-elsewhere',
    messages: followUp({ role: 'assistant', content: null, tool_calls: [{ id: call.id, type: 'function', function: { name: call.name, arguments: '{}' } }], thinking_blocks: blocks }),
  });
  const body = JSON.stringify(openaiFake.lastRequest().body);
  assert.not.match(body, 'thinking_blocks');
  assert.match(body, call.id);
});

chat.run();

const responses = suite('/v1/responses (openai SDK): tool loop with signed reasoning in encrypted_content');
const responsesTool: OpenAI.Responses.FunctionTool = { type: 'function', name: 'get_weather', parameters: weatherTool.input_schema as Record<string, unknown>, strict: false };
const toolOutput: OpenAI.Responses.ResponseInputItem = { type: 'function_call_output', call_id: call.id, output: 'Sunny' };
type ReasoningItem = OpenAI.Responses.ResponseReasoningItem;

responses('the reasoning item carries the signed blocks; sending the output items back gives them to Claude', async () => {
  enqueueToolTurn('Responses thought.', true);
  const first = await openai.responses.create({ model, reasoning: { effort: 'medium' }, tools: [responsesTool], input: question });
  assert.equal(first.output.map((item) => item.type), ['reasoning', 'function_call']);
  const reasoning = first.output[0] as ReasoningItem;
  assert.is(reasoning.content?.[0]?.text, 'Responses thought.');
  assert.type(reasoning.encrypted_content, 'string');

  enqueueAnswer();
  const second = await openai.responses.create({ model, reasoning: { effort: 'medium' }, tools: [responsesTool], store: false, input: [{ role: 'user', content: question }, ...(first.output as OpenAI.Responses.ResponseInputItem[]), toolOutput] });
  assert.is(second.output_text, 'Sunny in Paris.');
  assert.ok(sent().thinking, 'thinking stays on');
  const returned = sent().messages[1].content as Array<{ type: string; thinking?: string; signature?: string }>;
  assert.equal(returned.slice(0, 2).map((block) => block.type), ['thinking', 'redacted_thinking']);
  assert.is(returned[0]!.thinking, 'Responses thought.');
  assert.ok((returned[0]!.signature ?? '').length > 20, 'signed as Claude signed it');
});

responses('streamed, then continued with previous_response_id: the stored reasoning item goes back signed', async () => {
  enqueueToolTurn('Streamed responses thought.');
  const stream = openai.responses.stream({ model, reasoning: { effort: 'low' }, tools: [responsesTool], input: question });
  const first = await stream.finalResponse();
  const reasoning = first.output[0] as ReasoningItem;
  assert.is(reasoning.type, 'reasoning');
  assert.type(reasoning.encrypted_content, 'string');

  enqueueAnswer();
  const second = await openai.responses.create({ model, reasoning: { effort: 'low' }, tools: [responsesTool], previous_response_id: first.id, input: [toolOutput] });
  assert.is(second.output_text, 'Sunny in Paris.');
  const returned = sent().messages[1].content as Array<{ type: string; thinking?: string }>;
  assert.equal([returned[0]?.type, returned[0]?.thinking], ['thinking', 'Streamed responses thought.']);
});

responses('encrypted_content the gateway did not write is ignored: that turn goes without thinking', async () => {
  enqueueAnswer();
  const forged: OpenAI.Responses.ResponseInputItem = { type: 'reasoning', id: 'rs_other', summary: [], encrypted_content: 'gAAAAB-not-ours' };
  const functionCall: OpenAI.Responses.ResponseInputItem = { type: 'function_call', call_id: call.id, name: call.name, arguments: '{"city":"Paris"}' };
  const answer = await openai.responses.create({ model, reasoning: { effort: 'low' }, tools: [responsesTool], store: false, input: [{ role: 'user', content: question }, forged, functionCall, toolOutput] });
  assert.is(answer.output_text, 'Sunny in Paris.');
  assert.is(sent().thinking, undefined);
});

responses.after(async () => {
  await harness.close();
  await fake.close();
  await openaiFake.close();
});
responses.run();
