import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AnthropicMessageResponse } from '../src/anthropic-api.ts';
import { mapChatResponse } from '../src/map-chat-response.ts';
import { mapFinishReason } from '../src/map-finish-reason.ts';
import { mapUsage, mergeUsage } from '../src/map-usage.ts';
import { loadFixture } from './load-fixture.ts';

const created = 1_760_000_000;

test('a text message becomes a chat.completion with the cache tokens inside prompt_tokens', () => {
  const completion = mapChatResponse(loadFixture<AnthropicMessageResponse>('response-text.json'), created);
  assert.equal(completion, {
    id: 'msg_013Zva2CMHLNnXjNJJKqJ2EF',
    object: 'chat.completion',
    created,
    model: 'claude-sonnet-5-5',
    choices: [
      { index: 0, message: { role: 'assistant', content: 'Hi! My name is Claude.', refusal: null }, finish_reason: 'stop', logprobs: null },
    ],
    usage: {
      prompt_tokens: 2095 + 1800 + 248,
      completion_tokens: 503,
      total_tokens: 2095 + 1800 + 248 + 503,
      prompt_tokens_details: { cached_tokens: 1800, cache_write_tokens: 248 },
    },
  });
});

test('parallel tool_use blocks become tool_calls with JSON arguments and finish_reason tool_calls', () => {
  const completion = mapChatResponse(loadFixture<AnthropicMessageResponse>('response-tool-use.json'), created);
  const choice = completion.choices[0];
  assert.is(choice.finish_reason, 'tool_calls');
  assert.is(choice.message.content, "I'll check the current weather in San Francisco and New York for you.");
  assert.equal(choice.message.tool_calls, [
    { id: 'toolu_01A09q90qw90lq917835lq9', type: 'function', function: { name: 'get_weather', arguments: '{"location":"San Francisco, CA"}' } },
    { id: 'toolu_01B5f3cKt2tWqd3wD9vYHnkR', type: 'function', function: { name: 'get_weather', arguments: '{"location":"New York, NY","unit":"celsius"}' } },
  ]);
  assert.equal(completion.usage, { prompt_tokens: 472, completion_tokens: 112, total_tokens: 584, prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 } });
});

test('thinking becomes reasoning_content, thinking_blocks keep both blocks with signature and data, thinking tokens are reasoning tokens', () => {
  const completion = mapChatResponse(loadFixture<AnthropicMessageResponse>('response-thinking.json'), created);
  const message = completion.choices[0].message;
  assert.is(message.content, 'Based on my analysis, the answer is 42.');
  assert.is(message.reasoning_content, 'Let me analyze this step by step...');
  assert.equal(message.thinking_blocks, [
    { type: 'thinking', thinking: 'Let me analyze this step by step...', signature: 'WaUjzkypQ2mUEVM36O2TxuC06KN8xyfbJwyem2dw3URve/op91XWHOEBLLqIOMfFG/UvLEczmEsUjavL....' },
    { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpPkNRj2YfWXGmKDxH4mPnZ5sQ7vB8URj2pLmN3kR6yL4hcq6aF' },
  ]);
  assert.is(completion.choices[0].finish_reason, 'length');
  assert.equal(completion.usage?.completion_tokens_details, { reasoning_tokens: 980 });
});

test('a refusal ends with finish_reason content_filter', () => {
  const completion = mapChatResponse(loadFixture<AnthropicMessageResponse>('response-refusal.json'), created);
  assert.is(completion.choices[0].finish_reason, 'content_filter');
});

test('a tool-only answer has null content, an empty answer an empty string', () => {
  const base = { id: 'msg_1', type: 'message' as const, role: 'assistant' as const, model: 'm', stop_sequence: null, usage: { input_tokens: 1, output_tokens: 1 } };
  const toolOnly = mapChatResponse({ ...base, stop_reason: 'tool_use', content: [{ type: 'tool_use', id: 't', name: 'f', input: {} }] });
  assert.is(toolOnly.choices[0].message.content, null);
  const empty = mapChatResponse({ ...base, stop_reason: 'end_turn', content: [] });
  assert.is(empty.choices[0].message.content, '');
  assert.is(empty.choices[0].message.tool_calls, undefined);
});

test('stop reasons map to finish reasons', () => {
  const table: Array<[string | null, string]> = [
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['pause_turn', 'stop'],
    ['max_tokens', 'length'],
    ['model_context_window_exceeded', 'length'],
    ['tool_use', 'tool_calls'],
    ['refusal', 'content_filter'],
    [null, 'stop'],
    ['something_new', 'stop'],
  ];
  for (const [stopReason, finishReason] of table) assert.is(mapFinishReason(stopReason), finishReason, String(stopReason));
});

test('usage: null counts are zero and total is prompt + completion', () => {
  const usage = mapUsage({ input_tokens: 10, output_tokens: 4, cache_read_input_tokens: null, cache_creation_input_tokens: 6 });
  assert.equal(usage, {
    prompt_tokens: 16,
    completion_tokens: 4,
    total_tokens: 20,
    prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 6 },
  });
});

test('usage: cache writes kept for an hour are told apart (cache_creation), never more than the writes', () => {
  const usage = mapUsage({ input_tokens: 10, output_tokens: 4, cache_creation_input_tokens: 6, cache_creation: { ephemeral_5m_input_tokens: 2, ephemeral_1h_input_tokens: 4 } });
  assert.equal(usage.prompt_tokens_details, { cached_tokens: 0, cache_write_tokens: 6, cache_write_1h_tokens: 4 });
  const odd = mapUsage({ input_tokens: 1, output_tokens: 1, cache_creation_input_tokens: 3, cache_creation: { ephemeral_1h_input_tokens: 9 } });
  assert.is(odd.prompt_tokens_details?.cache_write_1h_tokens, 3);
  const none = mapUsage({ input_tokens: 1, output_tokens: 1, cache_creation_input_tokens: 3, cache_creation: { ephemeral_5m_input_tokens: 3, ephemeral_1h_input_tokens: 0 } });
  assert.equal(none.prompt_tokens_details, { cached_tokens: 0, cache_write_tokens: 3 });
  // In a stream the counts come with message_start and again, cumulative, with message_delta.
  const merged = mergeUsage({ input_tokens: 5, cache_creation_input_tokens: 6, cache_creation: { ephemeral_1h_input_tokens: 6 } }, { output_tokens: 2 });
  assert.is(mapUsage(merged).prompt_tokens_details?.cache_write_1h_tokens, 6);
});

test.run();
