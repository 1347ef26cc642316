import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ConverseResponse } from '../src/converse-types.ts';
import { mapConverseResponse } from '../src/map-converse-response.ts';
import { mapStopReason } from '../src/map-stop-reason.ts';
import { mapUsage } from '../src/map-usage.ts';

const fixture = (name: string): ConverseResponse => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const identity = { id: 'chatcmpl-1', created: 1700000000, model: 'anthropic.claude-3-haiku-20240307-v1:0' };

test('a text answer becomes one assistant choice with usage', () => {
  const completion = mapConverseResponse(fixture('converse-response-text.json'), identity);
  assert.equal(completion, {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1700000000,
    model: 'anthropic.claude-3-haiku-20240307-v1:0',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: 'Here is a list of 3 pop songs by artists from the United Kingdom:\n\n1. "Wannabe" by Spice Girls' },
        finish_reason: 'stop',
        logprobs: null,
      },
    ],
    usage: { prompt_tokens: 125, completion_tokens: 60, total_tokens: 185 },
  });
});

test('toolUse blocks become tool calls with JSON text arguments', () => {
  const completion = mapConverseResponse(fixture('converse-response-tool-use.json'), identity);
  const message = completion.choices[0]!.message;
  assert.is(message.content, 'To find the most popular song played on radio station WZPZ, I will use the top_song tool:');
  assert.equal(message.tool_calls, [
    { id: 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q', type: 'function', function: { name: 'top_song', arguments: '{"sign":"WZPZ"}' } },
  ]);
  assert.is(completion.choices[0]!.finish_reason, 'tool_calls');
});

test('cache reads count in prompt_tokens and in the details', () => {
  const usage = mapConverseResponse(fixture('converse-response-cached.json'), identity).usage!;
  assert.equal(usage, {
    prompt_tokens: 1878,
    completion_tokens: 9,
    total_tokens: 1887,
    prompt_tokens_details: { cached_tokens: 1864, cache_write_tokens: 0 },
  });
});

test('cache writes count in prompt_tokens; total is always prompt + completion', () => {
  const usage = mapUsage({ inputTokens: 10, outputTokens: 5, totalTokens: 515, cacheWriteInputTokens: 500 });
  assert.is(usage.prompt_tokens, 510);
  assert.is(usage.total_tokens, usage.prompt_tokens + usage.completion_tokens);
  assert.is(usage.prompt_tokens_details?.cache_write_tokens, 500);
});

test('an answer with only tool calls has null content', () => {
  const response = fixture('converse-response-tool-use.json');
  response.output.message!.content = response.output.message!.content.slice(1);
  assert.is(mapConverseResponse(response, identity).choices[0]!.message.content, null);
});

test('stop reasons', () => {
  assert.is(mapStopReason('end_turn'), 'stop');
  assert.is(mapStopReason('stop_sequence'), 'stop');
  assert.is(mapStopReason('max_tokens'), 'length');
  assert.is(mapStopReason('model_context_window_exceeded'), 'length');
  assert.is(mapStopReason('tool_use'), 'tool_calls');
  assert.is(mapStopReason('guardrail_intervened'), 'content_filter');
  assert.is(mapStopReason('content_filtered'), 'content_filter');
  assert.is(mapStopReason('malformed_tool_use'), 'stop');
});

test.run();
