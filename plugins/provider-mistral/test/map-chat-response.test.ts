import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ProviderError } from '@conduit/plugin-api';
import { mapChatResponse } from '../src/map-chat-response.ts';
import { mapFinishReason } from '../src/map-finish-reason.ts';
import { mapUsage } from '../src/map-usage.ts';
import { mapEmbeddingsResponse } from '../src/map-embeddings-response.ts';
import { readFixture } from './read-fixture.ts';

const now = 1_800_000_000;

test('a tool call answer: type function added, content null, finish tool_calls, usage kept', () => {
  assert.equal(mapChatResponse(readFixture('chat-response-tool-call.json'), 'mistral-small-latest', now), {
    id: 'b3999b8c93e04e11bcbff7bcab829667',
    object: 'chat.completion',
    created: 1769088854,
    model: 'mistral-small-latest',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: null,
          refusal: null,
          tool_calls: [{ id: 'gSIMJiOkT', type: 'function', function: { name: 'weather', arguments: '{"location": "San Francisco"}' } }],
        },
        finish_reason: 'tool_calls',
        logprobs: null,
      },
    ],
    usage: { prompt_tokens: 124, completion_tokens: 22, total_tokens: 146 },
  });
});

test('usage keeps only OpenAI fields: cached and reasoning tokens in their details', () => {
  const completion = mapChatResponse(readFixture('chat-response-usage-details.json'), 'mistral-small-latest', now);
  assert.is(completion.choices[0].message.content, 'OK');
  assert.equal(completion.usage, {
    prompt_tokens: 20,
    completion_tokens: 2,
    total_tokens: 22,
    prompt_tokens_details: { cached_tokens: 8 },
    completion_tokens_details: { reasoning_tokens: 7 },
  });
});

test('content given as chunks is flattened to its text; thinking becomes reasoning_content', () => {
  const completion = mapChatResponse(readFixture('chat-response-reasoning.json'), 'magistral-medium-2507', now);
  assert.is(completion.choices[0].message.content, '2 + 2 = 4');
  assert.is((completion.choices[0].message as { reasoning_content?: string }).reasoning_content, 'The user is asking for 2+2. This is basic arithmetic. 2+2=4.');
});

test('arguments given as an object become JSON text; missing fields are filled', () => {
  const completion = mapChatResponse(
    { choices: [{ finish_reason: 'tool_calls', message: { content: '', tool_calls: [{ id: 'abcDEF123', function: { name: 'f', arguments: { a: 1 } } }] } }] },
    'mistral-small-latest',
    now,
  );
  assert.equal(completion.choices[0].message.tool_calls, [{ id: 'abcDEF123', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }]);
  assert.is(completion.choices[0].message.content, null);
  assert.is(completion.created, now);
  assert.is(completion.model, 'mistral-small-latest');
  assert.is(completion.usage, undefined);
});

test('finish reasons: model_length is length; error throws a server error', () => {
  assert.is(mapFinishReason('stop'), 'stop');
  assert.is(mapFinishReason('length'), 'length');
  assert.is(mapFinishReason('model_length'), 'length');
  assert.is(mapFinishReason('tool_calls'), 'tool_calls');
  assert.is(mapFinishReason(null), null);
  try {
    mapFinishReason('error');
    assert.unreachable('should throw');
  } catch (error) {
    assert.is((error as ProviderError).code, 'server');
  }
});

test('an answer without choices is an invalid response', () => {
  try {
    mapChatResponse({ object: 'error' }, 'mistral-small-latest', now);
    assert.unreachable('should throw');
  } catch (error) {
    assert.is((error as ProviderError).code, 'invalid_response');
  }
});

test('usage: total is recomputed; zero cached tokens are not reported; no counts means no usage', () => {
  assert.equal(mapUsage({ prompt_tokens: 3, completion_tokens: 4, total_tokens: 99, prompt_tokens_details: { cached_tokens: 0 } }), {
    prompt_tokens: 3,
    completion_tokens: 4,
    total_tokens: 7,
  });
  assert.is(mapUsage({ prompt_audio_seconds: 2 }), undefined);
});

test('embeddings: the list passes with usage reduced to prompt and total tokens', () => {
  const response = mapEmbeddingsResponse(readFixture('embeddings-response.json'), 'mistral-embed');
  assert.equal(response.usage, { prompt_tokens: 16, total_tokens: 16 });
  assert.is(response.data.length, 2);
  assert.equal(response.data[1], {
    object: 'embedding',
    index: 1,
    embedding: [-0.0535888671875, 0.019500732421875, 0.057464599609375, 0.0029582977294921875, 0.0467529296875],
  });
  assert.is(response.model, 'mistral-embed');
});

test.run();
