/**
 * Claude's thinking through the Bedrock plugin against the fake (which signs reasoning and refuses
 * what Claude on Bedrock refuses): reasoning_effort in additionalModelRequestFields, signed reasoning
 * back as thinking_blocks, and a two-turn tool loop that carries it back, whole and streamed, or goes
 * without thinking when a client dropped it.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHttpClient, type ChatCompletionChunk, type ChatCompletionRequest, type ChatMessage, type ThinkingBlock } from '@conduit/plugin-api';
import { claudeThinkingStyle } from '../src/claude-thinking.ts';
import { mapChatRequest } from '../src/map-chat-request.ts';
import { startBedrockFakeUpstream } from './fake-bedrock-upstream.ts';
import { call, clientFor, collect } from './test-client.ts';

const fake = await startBedrockFakeUpstream();
const http = createHttpClient();
const client = clientFor(fake, http);
const budgetModel = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const weatherTool = { type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object' } } };
const toolCall = { id: 'tooluse_Paris01', name: 'get_weather', arguments: '{"city":"Paris"}' };
const question: ChatMessage = { role: 'user', content: 'Weather in Paris?' };
const ask = (extra: Partial<ChatCompletionRequest> = {}): ChatCompletionRequest => ({
  model: budgetModel,
  messages: [question],
  tools: [weatherTool],
  reasoning_effort: 'medium',
  ...extra,
});
const loop = (assistant: Partial<ChatMessage & { role: 'assistant' }>): ChatMessage[] => [
  question,
  { role: 'assistant', content: null, tool_calls: [{ id: toolCall.id, type: 'function', function: { name: toolCall.name, arguments: toolCall.arguments } }], ...assistant },
  { role: 'tool', tool_call_id: toolCall.id, content: 'Sunny' },
];
type SentBody = { additionalModelRequestFields?: Record<string, unknown>; inferenceConfig?: Record<string, unknown>; messages: Array<{ content: unknown[] }> };
const sent = (): SentBody => fake.lastRequest().body as SentBody;

test.after(async () => {
  await fake.close();
  await http.close();
});

test('thinking styles by Bedrock model id', () => {
  for (const id of ['anthropic.claude-3-5-sonnet-20240620-v1:0', 'anthropic.claude-3-haiku-20240307-v1:0', 'amazon.nova-pro-v1:0', 'meta.llama3-70b-instruct-v1:0']) assert.is(claudeThinkingStyle(id), 'none', id);
  for (const id of ['anthropic.claude-3-7-sonnet-20250219-v1:0', 'us.anthropic.claude-sonnet-4-20250514-v1:0', 'anthropic.claude-opus-4-1-20250805-v1:0', budgetModel, 'anthropic.claude-haiku-4-5-20251001-v1:0']) {
    assert.is(claudeThinkingStyle(id), 'budget', id);
  }
  for (const id of ['anthropic.claude-opus-4-6-v1', 'anthropic.claude-sonnet-4-6', 'global.anthropic.claude-opus-4-7', 'anthropic.claude-fable-5-1']) assert.is(claudeThinkingStyle(id), 'adaptive', id);
});

test('request mapping: budgets clamped below maxTokens, a limit set when there is none, sampling dropped; adaptive models get effort', () => {
  const clamped = mapChatRequest(ask({ max_tokens: 1500, reasoning_effort: 'high', temperature: 0.4, top_p: 0.5 }));
  assert.equal(clamped.additionalModelRequestFields, { thinking: { type: 'enabled', budget_tokens: 1499 } });
  assert.equal(clamped.inferenceConfig, { maxTokens: 1500 });
  assert.equal(mapChatRequest(ask()).inferenceConfig, { maxTokens: 32000 });
  assert.is(mapChatRequest(ask({ max_tokens: 1024 })).additionalModelRequestFields, undefined);
  assert.equal(mapChatRequest(ask({ model: 'anthropic.claude-opus-4-7', reasoning_effort: 'low' })).additionalModelRequestFields, { thinking: { type: 'adaptive' }, output_config: { effort: 'low' } });
  assert.is(mapChatRequest(ask({ model: 'anthropic.claude-3-5-sonnet-20240620-v1:0' })).additionalModelRequestFields, undefined);
  assert.is(mapChatRequest(ask({ tool_choice: 'required' })).additionalModelRequestFields, undefined);
  assert.is(mapChatRequest(ask({ reasoning_effort: 'none', temperature: 0.4 })).inferenceConfig?.temperature, 0.4);
});

test('a two-turn tool loop sends the signed reasoning back unchanged, and the fake accepts it', async () => {
  fake.enqueue({ type: 'message', thinking: [{ type: 'thinking', thinking: 'Call the tool.' }, { type: 'redacted_thinking' }], toolCalls: [toolCall], finish: 'tool_calls', usage: { input: 30, output: 20 } });
  const first = (await client.chat(ask(), call())).choices[0]!.message;
  assert.is(first.reasoning_content, 'Call the tool.');
  assert.equal(first.thinking_blocks?.map((block) => block.type), ['thinking', 'redacted_thinking']);
  assert.equal(sent().additionalModelRequestFields, { thinking: { type: 'enabled', budget_tokens: 2048 } });

  fake.enqueue({ type: 'message', text: 'Sunny.', finish: 'stop', usage: { input: 50, output: 2 } });
  const second = await client.chat(ask({ messages: loop({ thinking_blocks: first.thinking_blocks }) }), call());
  assert.is(second.choices[0]!.message.content, 'Sunny.');
  const [thinking, redacted] = first.thinking_blocks as [Extract<ThinkingBlock, { type: 'thinking' }>, Extract<ThinkingBlock, { type: 'redacted_thinking' }>];
  assert.equal(sent().messages[1]!.content.slice(0, 2), [
    { reasoningContent: { reasoningText: { text: thinking.thinking, signature: thinking.signature } } },
    { reasoningContent: { redactedContent: redacted.data } },
  ]);
  assert.ok(sent().additionalModelRequestFields);
});

test('streamed: the signed block arrives as a thinking_blocks delta and goes back', async () => {
  fake.enqueue({ type: 'message', thinking: [{ type: 'thinking', thinking: 'Streamed reasoning.' }], toolCalls: [toolCall], finish: 'tool_calls', usage: { input: 30, output: 20 }, pieces: 2 });
  const chunks: ChatCompletionChunk[] = [];
  await collect(client.chatStream(ask({ stream: true }), call()), chunks);
  const blocks = chunks.flatMap((chunk) => chunk.choices.flatMap((choice) => choice.delta.thinking_blocks ?? []));
  assert.is(blocks.length, 1);
  assert.is((blocks[0] as { thinking: string }).thinking, 'Streamed reasoning.');

  fake.enqueue({ type: 'message', text: 'Sunny.', finish: 'stop', usage: { input: 50, output: 2 } });
  await collect(client.chatStream(ask({ stream: true, messages: loop({ thinking_blocks: blocks }) }), call()), []);
  assert.ok(sent().additionalModelRequestFields);
});

test('a client that dropped the reasoning keeps working: that request goes without thinking', async () => {
  fake.enqueue({ type: 'message', text: 'Sunny.', finish: 'stop', usage: { input: 50, output: 2 } });
  const answer = await client.chat(ask({ messages: loop({}), temperature: 0.3 }), call());
  assert.is(answer.choices[0]!.message.content, 'Sunny.');
  assert.is(sent().additionalModelRequestFields, undefined);
  assert.is(sent().inferenceConfig?.temperature, 0.3);
});

test.run();
