import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ProviderError } from '@conduit/plugin-api';
import type { CohereChatResponse } from '../src/cohere-types.ts';
import { mapChatResponse } from '../src/map-chat-response.ts';
import { mapFinishReason } from '../src/map-finish-reason.ts';
import { mapUsage } from '../src/map-usage.ts';
import { readFixture } from './read-fixture.ts';

const created = 1_750_000_000;

test('a text answer maps to chat.completion with usage and cached tokens', () => {
  const completion = mapChatResponse(readFixture<CohereChatResponse>('chat-response-text.json'), 'command-a-03-2025', created);
  assert.equal(completion, {
    id: 'e7592632-1e3d-424f-b129-bd5f9f980f7b',
    object: 'chat.completion',
    created,
    model: 'command-a-03-2025',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: 'The capital of France is Paris.', refusal: null },
        finish_reason: 'stop',
        logprobs: null,
      },
    ],
    usage: { prompt_tokens: 507, completion_tokens: 10, total_tokens: 517, prompt_tokens_details: { cached_tokens: 448 } },
  });
});

test('parallel tool calls map to tool_calls, with the tool plan as content', () => {
  const completion = mapChatResponse(readFixture<CohereChatResponse>('chat-response-tool-calls.json'), 'command-a-03-2025', created);
  const [choice] = completion.choices;
  assert.is(choice.finish_reason, 'tool_calls');
  assert.ok(choice.message.content?.startsWith('I will use the weather tool'));
  assert.equal(choice.message.tool_calls, [
    { id: 'weather_dqgshstja6p9', type: 'function', function: { name: 'weather', arguments: '{"location":"San Francisco"}' } },
    { id: 'cityAttractions_dcxfx4myvx68', type: 'function', function: { name: 'cityAttractions', arguments: '{"city":"San Francisco"}' } },
  ]);
  assert.equal(completion.usage, {
    prompt_tokens: 1549,
    completion_tokens: 103,
    total_tokens: 1652,
    prompt_tokens_details: { cached_tokens: 992 },
  });
});

test('tool calls without a plan have null content; empty arguments become {}', () => {
  const completion = mapChatResponse(
    {
      id: 'x',
      finish_reason: 'TOOL_CALL',
      message: { role: 'assistant', tool_calls: [{ id: 'now_1', type: 'function', function: { name: 'now', arguments: '' } }] },
    },
    'command-a-03-2025',
    created,
  );
  assert.is(completion.choices[0].message.content, null);
  assert.equal(completion.choices[0].message.tool_calls, [{ id: 'now_1', type: 'function', function: { name: 'now', arguments: '{}' } }]);
  assert.is(completion.usage, undefined);
});

test('thinking content is left out of the message', () => {
  const completion = mapChatResponse(readFixture<CohereChatResponse>('chat-response-thinking.json'), 'command-a-reasoning-08-2025', created);
  assert.is(completion.choices[0].message.content, 'The answer to 2 + 2 is 4.');
  assert.equal(completion.usage, { prompt_tokens: 1394, completion_tokens: 54, total_tokens: 1448 });
});

test('finish reasons: COMPLETE and STOP_SEQUENCE stop, MAX_TOKENS length, TOOL_CALL tool_calls, ERROR_TOXIC content_filter', () => {
  assert.is(mapFinishReason('COMPLETE'), 'stop');
  assert.is(mapFinishReason('STOP_SEQUENCE'), 'stop');
  assert.is(mapFinishReason('MAX_TOKENS'), 'length');
  assert.is(mapFinishReason('TOOL_CALL'), 'tool_calls');
  assert.is(mapFinishReason('ERROR_TOXIC'), 'content_filter');
  assert.is(mapFinishReason(undefined), 'stop');
});

test('finish reason ERROR is a server error, TIMEOUT a timeout', () => {
  for (const [reason, code] of [['ERROR', 'server'], ['TIMEOUT', 'timeout']] as const) {
    try {
      mapChatResponse({ id: 'x', finish_reason: reason, message: { role: 'assistant', content: [] } }, 'command-a-03-2025', created);
      assert.unreachable(`${reason} should throw`);
    } catch (error) {
      assert.ok(ProviderError.isInstance(error));
      assert.is((error as ProviderError).code, code);
    }
  }
});

test('an answer without a message is an invalid response', () => {
  try {
    mapChatResponse({ id: 'x' } as CohereChatResponse, 'command-a-03-2025', created);
    assert.unreachable('should throw');
  } catch (error) {
    assert.is((error as ProviderError).code, 'invalid_response');
  }
});

test('usage falls back to billed units when tokens are missing; total is always prompt + completion', () => {
  assert.equal(mapUsage({ billed_units: { input_tokens: 12, output_tokens: 7 } }), {
    prompt_tokens: 12,
    completion_tokens: 7,
    total_tokens: 19,
  });
  assert.equal(mapUsage({ tokens: { input_tokens: 3 } }), { prompt_tokens: 3, completion_tokens: 0, total_tokens: 3 });
  assert.is(mapUsage({}), undefined);
  assert.is(mapUsage(null), undefined);
});

test.run();
