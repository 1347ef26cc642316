import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ProviderError, type ChatCompletionRequest } from '@conduit/plugin-api';
import { mapChatRequest } from '../src/map-chat-request.ts';

const pair = (name: string): { openai: ChatCompletionRequest; converse: unknown } =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

function refusal(request: ChatCompletionRequest): ProviderError {
  try {
    mapChatRequest(request);
  } catch (error) {
    assert.ok(ProviderError.isInstance(error));
    return error as ProviderError;
  }
  throw new Error('expected the request to be refused');
}

const user = (content: ChatCompletionRequest['messages'][number]['content']): ChatCompletionRequest =>
  ({ model: 'm', messages: [{ role: 'user', content }] }) as ChatCompletionRequest;

test('system and developer messages become system blocks; turns keep their order', () => {
  const { openai, converse } = pair('request-multi-turn.json');
  assert.equal(JSON.parse(JSON.stringify(mapChatRequest(openai))), converse);
});

test('tools, tool calls and tool results map to toolConfig, toolUse and merged toolResult blocks', () => {
  const { openai, converse } = pair('request-tools.json');
  assert.equal(JSON.parse(JSON.stringify(mapChatRequest(openai))), converse);
});

test('data URL images, JSON schema output, stop, max tokens, top_p and metadata map', () => {
  const { openai, converse } = pair('request-image-json-schema.json');
  assert.equal(JSON.parse(JSON.stringify(mapChatRequest(openai))), converse);
});

test('tool_choice required is any, a named function is tool', () => {
  const base = pair('request-tools.json').openai;
  assert.equal(mapChatRequest({ ...base, tool_choice: 'required' }).toolConfig?.toolChoice, { any: {} });
  assert.equal(mapChatRequest({ ...base, tool_choice: { type: 'function', function: { name: 'top_song' } } }).toolConfig?.toolChoice, {
    tool: { name: 'top_song' },
  });
});

test('tool_choice none leaves tools out, unless the history holds tool blocks', () => {
  const tools = pair('request-tools.json').openai.tools;
  assert.is(mapChatRequest({ model: 'm', messages: [{ role: 'user', content: 'hi' }], tools, tool_choice: 'none' }).toolConfig, undefined);
  const withHistory = mapChatRequest({ ...pair('request-tools.json').openai, tool_choice: 'none' });
  assert.is(withHistory.toolConfig?.tools.length, 2);
  assert.is(withHistory.toolConfig?.toolChoice, undefined);
});

test('http image URLs are unsupported with a message that says what to send', () => {
  const error = refusal(user([{ type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }]));
  assert.is(error.code, 'unsupported');
  assert.match(error.message, /base64 data URL/);
});

test('image types Bedrock lacks, audio parts and n > 1 are unsupported', () => {
  assert.match(refusal(user([{ type: 'image_url', image_url: { url: 'data:image/bmp;base64,Qk0=' } }])).message, /image\/bmp/);
  assert.is(refusal(user([{ type: 'input_audio', input_audio: { data: 'UklGR', format: 'wav' } }])).code, 'unsupported');
  assert.is(refusal({ ...user('hi'), n: 2 }).param, 'n');
});

test('json_object without a schema is unsupported', () => {
  assert.is(refusal({ ...user('hi'), response_format: { type: 'json_object' } }).param, 'response_format');
});

test('blank text parts are left out; consecutive user messages merge', () => {
  const body = mapChatRequest({
    model: 'm',
    messages: [
      { role: 'user', content: [{ type: 'text', text: '' }, { type: 'text', text: 'one' }] },
      { role: 'user', content: 'two' },
    ],
  });
  assert.equal(body.messages, [{ role: 'user', content: [{ text: 'one' }, { text: 'two' }] }]);
  assert.is(body.inferenceConfig, undefined);
});

test('tool arguments that are not JSON go out as the raw text', () => {
  const body = mapChatRequest({
    model: 'm',
    messages: [
      { role: 'user', content: 'x' },
      { role: 'assistant', tool_calls: [{ id: 't1', type: 'function', function: { name: 'f', arguments: '{broken' } }] },
    ],
  });
  assert.equal(body.messages[1]?.content, [{ toolUse: { toolUseId: 't1', name: 'f', input: '{broken' } }]);
});

test.run();
