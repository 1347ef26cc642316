import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ProviderError, type ChatCompletionRequest } from '@conduit/plugin-api';
import type { AnthropicMessagesRequest } from '../src/anthropic-api.ts';
import { mapChatRequest } from '../src/map-chat-request.ts';
import { loadFixture } from './load-fixture.ts';

interface RequestCase {
  name: string;
  openai: ChatCompletionRequest;
  anthropic: AnthropicMessagesRequest;
}

const options = { samplingParameters: true };

for (const fixture of loadFixture<RequestCase[]>('request-cases.json')) {
  test(`golden: ${fixture.name}`, () => {
    assert.equal(mapChatRequest(fixture.openai, options), fixture.anthropic);
  });
}

function refusal(request: Partial<ChatCompletionRequest>, mapping = options): ProviderError {
  try {
    mapChatRequest({ model: 'claude-sonnet-5-5', messages: [{ role: 'user', content: 'Hi' }], ...request }, mapping);
  } catch (error) {
    assert.ok(ProviderError.isInstance(error), `expected a ProviderError, got ${String(error)}`);
    return error;
  }
  throw new Error('the request was mapped without an error');
}

test('API version 2026-10-21 (no sampling parameters) drops temperature and top_p', () => {
  const body = mapChatRequest(
    { model: 'claude-sonnet-5-5', messages: [{ role: 'user', content: 'Hi' }], temperature: 0.3, top_p: 0.5 },
    { samplingParameters: false },
  );
  assert.is(body.temperature, undefined);
  assert.is(body.top_p, undefined);
});

test('the configured default max_tokens wins over the per-model default, a request limit over both', () => {
  const base = { model: 'claude-sonnet-5-5', messages: [{ role: 'user' as const, content: 'Hi' }] };
  assert.is(mapChatRequest(base, { samplingParameters: true, defaultMaxTokens: 2048 }).max_tokens, 2048);
  assert.is(mapChatRequest({ ...base, max_tokens: 77 }, { samplingParameters: true, defaultMaxTokens: 2048 }).max_tokens, 77);
  assert.is(mapChatRequest({ ...base, model: 'my-custom-deployment' }, options).max_tokens, 4096);
  assert.is(mapChatRequest({ ...base, model: 'claude-3-haiku-20240307' }, options).max_tokens, 4096);
  assert.is(mapChatRequest({ ...base, model: 'us.anthropic.claude-3-5-sonnet-20240620-v1:0' }, options).max_tokens, 8192);
  assert.is(mapChatRequest({ ...base, model: 'claude-mythos-preview' }, options).max_tokens, 32000);
});

test('a PDF file becomes a base64 document block, a text file a text document', () => {
  const pdf = Buffer.from('%PDF-1.4 fake').toString('base64');
  const text = Buffer.from('plain notes').toString('base64');
  const body = mapChatRequest(
    {
      model: 'claude-sonnet-5-5',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'file', file: { file_data: `data:application/pdf;base64,${pdf}`, filename: 'report.pdf' } },
            { type: 'file', file: { file_data: `data:text/plain;base64,${text}` } },
            { type: 'text', text: 'Summarise both.' },
          ],
        },
      ],
    },
    options,
  );
  assert.equal(body.messages[0].content, [
    { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: pdf }, title: 'report.pdf' },
    { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'plain notes' } },
    { type: 'text', text: 'Summarise both.' },
  ]);
});

test('tool ids outside Anthropic\'s alphabet are rewritten the same way on both sides', () => {
  const body = mapChatRequest(
    {
      model: 'claude-sonnet-5-5',
      messages: [
        { role: 'user', content: 'Go' },
        { role: 'assistant', tool_calls: [{ id: 'call:1/a', type: 'function', function: { name: 'f', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'call:1/a', content: 'done' },
      ],
    },
    options,
  );
  assert.equal(body.messages[1].content, [{ type: 'tool_use', id: 'call_1_a', name: 'f', input: {} }]);
  assert.equal(body.messages[2].content, [{ type: 'tool_result', tool_use_id: 'call_1_a', content: 'done' }]);
});

test('n > 1 is unsupported', () => {
  const error = refusal({ n: 2 });
  assert.is(error.code, 'unsupported');
  assert.is(error.param, 'n');
});

test('audio input is unsupported', () => {
  const error = refusal({
    messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } }] }],
  });
  assert.is(error.code, 'unsupported');
  assert.is(error.param, 'messages[0].content[0]');
});

test('uploaded file ids are unsupported', () => {
  assert.is(refusal({ messages: [{ role: 'user', content: [{ type: 'file', file: { file_id: 'file-abc' } }] }] }).code, 'unsupported');
});

test('tool call arguments that are not a JSON object are a bad request naming the field', () => {
  const error = refusal({
    messages: [
      { role: 'user', content: 'Go' },
      { role: 'assistant', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"city":' } }] },
    ],
  });
  assert.is(error.code, 'bad_request');
  assert.is(error.param, 'messages[1].tool_calls[0].function.arguments');
  assert.is(refusal({
    messages: [{ role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '[1,2]' } }] }],
  }).code, 'bad_request');
});

test('an image URL that is neither http(s) nor a data URL is a bad request', () => {
  const error = refusal({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'file:///etc/passwd' } }] }] });
  assert.is(error.code, 'bad_request');
});

test('logprobs and deprecated functions are unsupported', () => {
  assert.is(refusal({ logprobs: true }).code, 'unsupported');
  assert.is(refusal({ functions: [{ name: 'f' }] }).code, 'unsupported');
  assert.is(refusal({ messages: [{ role: 'function', name: 'f', content: 'x' }] }).code, 'unsupported');
});

test.run();
