import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ProviderError, type ChatCompletionRequest } from '@conduit/plugin-api';
import { mapChatRequest } from '../src/map-chat-request.ts';
import { readFixture } from './read-fixture.ts';

interface RequestFixture {
  openai: ChatCompletionRequest;
  cohere: unknown;
}

const weatherTool = {
  type: 'function' as const,
  function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
};
const timeTool = { type: 'function' as const, function: { name: 'get_time' } };

function expectUnsupported(work: () => unknown, param: string): void {
  try {
    work();
    assert.unreachable('the request should be refused');
  } catch (error) {
    assert.ok(ProviderError.isInstance(error), 'a ProviderError');
    assert.is((error as ProviderError).code, 'unsupported');
    assert.is((error as ProviderError).param, param);
  }
}

test('system, multi-turn, tool calls with their plan, tool results and sampling fields map to the golden body', () => {
  const fixture = readFixture<RequestFixture>('chat-request-tool-turn.json');
  assert.equal(mapChatRequest(fixture.openai, false), fixture.cohere);
});

test('developer prompt, images (http and data URL), JSON schema and max_completion_tokens map to the golden body', () => {
  const fixture = readFixture<RequestFixture>('chat-request-vision-json-schema.json');
  assert.equal(mapChatRequest(fixture.openai, true), fixture.cohere);
});

test('a plain text turn maps to a minimal body', () => {
  assert.equal(mapChatRequest({ model: 'command-r7b-12-2024', messages: [{ role: 'user', content: 'Hi' }] }, false), {
    model: 'command-r7b-12-2024',
    messages: [{ role: 'user', content: 'Hi' }],
    stream: false,
  });
});

test('json_object response format maps to json_object without a schema', () => {
  const body = mapChatRequest(
    { model: 'command-a-03-2025', messages: [{ role: 'user', content: 'JSON please' }], response_format: { type: 'json_object' } },
    false,
  );
  assert.equal(body.response_format, { type: 'json_object' });
});

test('a text response format is left out (it is the default)', () => {
  const body = mapChatRequest(
    { model: 'command-a-03-2025', messages: [{ role: 'user', content: 'Hi' }], response_format: { type: 'text' } },
    false,
  );
  assert.is(body.response_format, undefined);
});

test('tool_choice required maps to REQUIRED and none to NONE', () => {
  const base = { model: 'command-a-03-2025', messages: [{ role: 'user' as const, content: 'Hi' }], tools: [weatherTool] };
  assert.is(mapChatRequest({ ...base, tool_choice: 'required' }, false).tool_choice, 'REQUIRED');
  assert.is(mapChatRequest({ ...base, tool_choice: 'none' }, false).tool_choice, 'NONE');
  assert.is(mapChatRequest({ ...base, tool_choice: 'auto' }, false).tool_choice, undefined);
});

test('a named tool choice offers only that tool, as REQUIRED', () => {
  const body = mapChatRequest(
    {
      model: 'command-a-03-2025',
      messages: [{ role: 'user', content: 'Time?' }],
      tools: [weatherTool, timeTool],
      tool_choice: { type: 'function', function: { name: 'get_time' } },
    },
    false,
  );
  assert.equal(body.tools, [{ type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: {} } } }]);
  assert.is(body.tool_choice, 'REQUIRED');
});

test('a named tool choice for an unknown function is a bad request', () => {
  try {
    mapChatRequest(
      {
        model: 'command-a-03-2025',
        messages: [{ role: 'user', content: 'Hi' }],
        tools: [weatherTool],
        tool_choice: { type: 'function', function: { name: 'nope' } },
      },
      false,
    );
    assert.unreachable('should throw');
  } catch (error) {
    assert.is((error as ProviderError).code, 'bad_request');
    assert.is((error as ProviderError).param, 'tool_choice');
  }
});

test('an assistant turn without tool calls keeps its text as content; refusals count as text', () => {
  const body = mapChatRequest(
    {
      model: 'command-a-03-2025',
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: [{ type: 'text', text: 'Hello' }, { type: 'refusal', refusal: ' but no.' }] },
        { role: 'user', content: 'Why?' },
      ],
    },
    false,
  );
  assert.equal(body.messages[1], { role: 'assistant', content: 'Hello but no.' });
});

test('an assistant turn with only tool calls has no tool plan', () => {
  const body = mapChatRequest(
    {
      model: 'command-a-03-2025',
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] },
      ],
    },
    false,
  );
  assert.equal(body.messages[1], {
    role: 'assistant',
    tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }],
  });
});

test('tool results that are JSON arrays or plain text stay text', () => {
  const body = mapChatRequest(
    {
      model: 'command-a-03-2025',
      messages: [
        { role: 'tool', tool_call_id: 'a', content: '[1,2]' },
        { role: 'tool', tool_call_id: 'b', content: '{not json' },
      ],
    },
    false,
  );
  assert.equal(body.messages, [
    { role: 'tool', tool_call_id: 'a', content: [{ type: 'text', text: '[1,2]' }] },
    { role: 'tool', tool_call_id: 'b', content: [{ type: 'text', text: '{not json' }] },
  ]);
});

test('n > 1 is unsupported', () => {
  expectUnsupported(() => mapChatRequest({ model: 'command-a-03-2025', messages: [{ role: 'user', content: 'Hi' }], n: 2 }, false), 'n');
});

test('audio input is unsupported', () => {
  expectUnsupported(
    () =>
      mapChatRequest(
        {
          model: 'command-a-03-2025',
          messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } }] }],
        },
        false,
      ),
    'messages[0].content[0]',
  );
});

test('file parts and the deprecated function role are unsupported', () => {
  expectUnsupported(
    () =>
      mapChatRequest(
        { model: 'command-a-03-2025', messages: [{ role: 'user', content: [{ type: 'file', file: { file_id: 'file-1' } }] }] },
        false,
      ),
    'messages[0].content[0]',
  );
  expectUnsupported(
    () => mapChatRequest({ model: 'command-a-03-2025', messages: [{ role: 'function', name: 'f', content: '1' }] }, false),
    'messages[0].role',
  );
});

test.run();
