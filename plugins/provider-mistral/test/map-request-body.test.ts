import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ProviderError } from '@conduit/plugin-api';
import { mapRequestBody } from '../src/map-request-body.ts';
import { mapToolCallId } from '../src/map-tool-call-id.ts';
import { readFixture } from './read-fixture.ts';

interface RequestFixture {
  openai: Record<string, unknown>;
  mistral: Record<string, unknown>;
}

const chat = (body: Record<string, unknown>) => mapRequestBody('chat/completions', { model: 'mistral-small-latest', ...body });

test('a tool turn maps to the golden body: renamed fields, any, valid ids, tool names, OpenAI-only fields dropped', () => {
  const fixture = readFixture<RequestFixture>('chat-request-tool-turn.json');
  assert.equal(mapRequestBody('chat/completions', fixture.openai), fixture.mistral);
});

test('images (URL string, or object with detail), JSON schema and streaming map to the golden body', () => {
  const fixture = readFixture<RequestFixture>('chat-request-vision-json-schema.json');
  assert.equal(mapRequestBody('chat/completions', fixture.openai), fixture.mistral);
});

test('tool call ids: nine alphanumerics are kept; others become a stable nine-character id', () => {
  assert.is(mapToolCallId('gSIMJiOkT'), 'gSIMJiOkT');
  const mapped = mapToolCallId('call_abc123def456');
  assert.match(mapped, /^[a-zA-Z0-9]{9}$/);
  assert.is(mapToolCallId('call_abc123def456'), mapped, 'deterministic');
  assert.is.not(mapToolCallId('call_abc123def457'), mapped);
  assert.match(mapToolCallId('toolu_01A09q90qw90lq917835lq9'), /^[a-zA-Z0-9]{9}$/);
  assert.is.not(mapToolCallId('abc'), 'abc');
});

test('tool_choice: auto and none pass, a named function passes in Mistral form', () => {
  const tools = [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }];
  assert.is(chat({ messages: [], tools, tool_choice: 'auto' }).tool_choice, 'auto');
  assert.is(chat({ messages: [], tools, tool_choice: 'none' }).tool_choice, 'none');
  assert.equal(chat({ messages: [], tools, tool_choice: { type: 'function', function: { name: 'f' } } }).tool_choice, {
    type: 'function',
    function: { name: 'f' },
  });
});

test('without tools, tool_choice and parallel_tool_calls are not sent', () => {
  const body = chat({ messages: [{ role: 'user', content: 'Hi' }], tool_choice: 'none', parallel_tool_calls: true });
  assert.equal(body, { model: 'mistral-small-latest', messages: [{ role: 'user', content: 'Hi' }], stream: false });
});

test('max_tokens alone is kept; a single stop string is kept', () => {
  const body = chat({ messages: [], max_tokens: 12, stop: 'END' });
  assert.is(body.max_tokens, 12);
  assert.is(body.stop, 'END');
});

test('json_object passes; a json_schema without a schema falls back to json_object', () => {
  assert.equal(chat({ messages: [], response_format: { type: 'json_object' } }).response_format, { type: 'json_object' });
  assert.equal(chat({ messages: [], response_format: { type: 'json_schema', json_schema: { name: 'x' } } }).response_format, {
    type: 'json_object',
  });
});

test('Mistral-only fields and Mistral service tiers pass; a prediction made of parts becomes one string', () => {
  const body = chat({
    messages: [],
    safe_prompt: true,
    prompt_mode: 'reasoning',
    random_seed: 3,
    service_tier: 'auto',
    reasoning_effort: 'high',
    prediction: { type: 'content', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] },
  });
  assert.equal(
    [body.safe_prompt, body.prompt_mode, body.random_seed, body.service_tier, body.reasoning_effort, body.prediction],
    [true, 'reasoning', 3, 'auto', 'high', { type: 'content', content: 'ab' }],
  );
});

test('audio input parts map to input_audio chunks', () => {
  const body = chat({
    messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } }] }],
  });
  assert.equal(body.messages, [{ role: 'user', content: [{ type: 'input_audio', input_audio: 'UklGRg==' }] }]);
});

test('file parts and the function role are unsupported', () => {
  for (const messages of [
    [{ role: 'user', content: [{ type: 'file', file: { file_id: 'f1' } }] }],
    [{ role: 'function', name: 'f', content: 'x' }],
  ]) {
    try {
      chat({ messages });
      assert.unreachable('should throw');
    } catch (error) {
      assert.is((error as ProviderError).code, 'unsupported');
    }
  }
});

test('embeddings: input, encoding_format and dimensions (as output_dimension); user dropped', () => {
  assert.equal(
    mapRequestBody('embeddings', { model: 'codestral-embed', input: ['a'], dimensions: 256, encoding_format: 'base64', user: 'u' }),
    { model: 'codestral-embed', input: ['a'], output_dimension: 256, encoding_format: 'base64' },
  );
});

test('embeddings: token arrays are unsupported', () => {
  try {
    mapRequestBody('embeddings', { model: 'mistral-embed', input: [[1, 2]] });
    assert.unreachable('should throw');
  } catch (error) {
    assert.is((error as ProviderError).code, 'unsupported');
  }
});

test.run();
