import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { GeminiGenerateContentResponse } from '../src/gemini-api.ts';
import { completionId, mapChatResponse } from '../src/map-chat-response.ts';
import { mapFinishReason } from '../src/map-finish-reason.ts';
import { mapUsage } from '../src/map-usage.ts';
import { readFixture } from './read-fixture.ts';

const identity = { id: 'chatcmpl-test', created: 1_750_000_000, model: 'gemini-2.5-flash' };
const map = (name: string, onSignature?: (id: string, signature: string) => void) =>
  mapChatResponse(readFixture<GeminiGenerateContentResponse>(name), identity, onSignature);

test('text answer: content, stop, usage with thinking tokens counted as completion', () => {
  assert.equal(map('response-text.json'), {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1_750_000_000,
    model: 'gemini-2.5-flash',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: 'The capital of France is **Paris**.' },
        finish_reason: 'stop',
        logprobs: null,
      },
    ],
    usage: {
      prompt_tokens: 8,
      completion_tokens: 32,
      total_tokens: 40,
      completion_tokens_details: { reasoning_tokens: 23 },
    },
  });
});

test('parallel function calls: tool_calls with generated call_ ids, finish tool_calls, null content', () => {
  const signatures: Array<[string, string]> = [];
  const completion = map('response-function-calls.json', (id, signature) => signatures.push([id, signature]));
  const [choice] = completion.choices;
  assert.is(choice!.finish_reason, 'tool_calls');
  assert.is(choice!.message.content, null);
  const calls = choice!.message.tool_calls ?? [];
  assert.equal(
    calls.map((call) => [call.type, call.function.name, JSON.parse(call.function.arguments)]),
    [
      ['function', 'get_weather', { city: 'Paris', unit: 'celsius' }],
      ['function', 'get_weather', { city: 'Rome', unit: 'celsius' }],
    ],
  );
  for (const call of calls) assert.match(call.id, /^call_[A-Za-z0-9]{24}$/);
  assert.is.not(calls[0]!.id, calls[1]!.id);
  assert.equal(signatures, [[calls[0]!.id, 'CiQB0e2Kb1f9lW7lGc2P3lOeYkQWm4vKXjvT2Vq6h5rJ2n8xkA==']]);
  assert.equal(completion.usage, {
    prompt_tokens: 61,
    completion_tokens: 114,
    total_tokens: 175,
    completion_tokens_details: { reasoning_tokens: 78 },
  });
});

test("a function call id Gemini issued is kept as the tool call id, next to the turn's text", () => {
  const [choice] = map('response-function-call-with-id.json').choices;
  assert.is(choice!.message.content, 'Let me check.');
  assert.is(choice!.message.tool_calls?.[0]?.id, '9rzqc1ta');
  assert.is(choice!.finish_reason, 'tool_calls');
});

test('thought parts are skipped; cached tokens are reported and stay in prompt_tokens', () => {
  const completion = map('response-thinking-cached.json');
  assert.is(completion.choices[0]!.message.content, 'Use a hash map; lookups are O(1) on average.');
  assert.equal(completion.usage, {
    prompt_tokens: 2150,
    completion_tokens: 214,
    total_tokens: 2364,
    prompt_tokens_details: { cached_tokens: 2048 },
    completion_tokens_details: { reasoning_tokens: 200 },
  });
});

test('MAX_TOKENS finishes with length', () => {
  const completion = map('response-max-tokens.json');
  assert.is(completion.choices[0]!.finish_reason, 'length');
  assert.is(completion.usage?.total_tokens, 16);
});

test('an answer stopped by SAFETY finishes with content_filter and empty content', () => {
  const completion = map('response-safety.json');
  assert.is(completion.choices[0]!.finish_reason, 'content_filter');
  assert.is(completion.choices[0]!.message.content, '');
  assert.equal(completion.usage, { prompt_tokens: 14, completion_tokens: 0, total_tokens: 14 });
});

test('a prompt blocked by promptFeedback becomes one choice finished by content_filter', () => {
  const completion = map('response-prompt-blocked.json');
  assert.equal(completion.choices, [
    { index: 0, message: { role: 'assistant', content: null }, finish_reason: 'content_filter', logprobs: null },
  ]);
  assert.is(completion.usage?.prompt_tokens, 21);
});

test('several candidates become several choices', () => {
  const completion = map('response-two-candidates.json');
  assert.equal(
    completion.choices.map((choice) => [choice.index, choice.message.content]),
    [
      [0, 'Blue.'],
      [1, 'Azure.'],
    ],
  );
});

test('finish reasons: every filter reason is content_filter; tool calls turn stop into tool_calls only', () => {
  for (const reason of ['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY']) {
    assert.is(mapFinishReason(reason, false), 'content_filter', reason);
  }
  assert.is(mapFinishReason('STOP', false), 'stop');
  assert.is(mapFinishReason('STOP', true), 'tool_calls');
  assert.is(mapFinishReason('MAX_TOKENS', true), 'length');
  assert.is(mapFinishReason('OTHER', false), 'stop');
  assert.is(mapFinishReason(undefined, false), null);
});

test('usage: server-side tool prompt tokens are input; absent metadata is no usage', () => {
  assert.equal(mapUsage({ promptTokenCount: 10, toolUsePromptTokenCount: 5, candidatesTokenCount: 3 }), {
    prompt_tokens: 15,
    completion_tokens: 3,
    total_tokens: 18,
  });
  assert.is(mapUsage(undefined), undefined);
});

test('an answer with neither candidates nor a block reason is an invalid response', () => {
  try {
    mapChatResponse({ candidates: [], usageMetadata: { promptTokenCount: 3 } }, identity);
    assert.unreachable('expected a ProviderError');
  } catch (error) {
    assert.is((error as { code?: string }).code, 'invalid_response');
  }
});

test('completion ids come from the response id, or are random', () => {
  assert.is(completionId('abc'), 'chatcmpl-abc');
  assert.match(completionId(undefined), /^chatcmpl-[0-9a-f]{32}$/);
});

test.run();
