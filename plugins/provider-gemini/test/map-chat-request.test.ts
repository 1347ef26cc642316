import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ProviderError, type ChatCompletionRequest, type ChatMessage } from '@conduit/plugin-api';
import { mapChatRequest } from '../src/map-chat-request.ts';
import { guessMimeType } from '../src/guess-mime-type.ts';
import { parseDataUrl } from '../src/map-content-part.ts';
import { readFixture } from './read-fixture.ts';

interface RequestCase {
  name: string;
  openai: ChatCompletionRequest;
  gemini: unknown;
}

for (const fixture of readFixture<RequestCase[]>('chat-requests.json')) {
  test(`golden request: ${fixture.name}`, () => {
    assert.equal(mapChatRequest(fixture.openai), fixture.gemini);
  });
}

const request = (messages: ChatMessage[], fields: Partial<ChatCompletionRequest> = {}): ChatCompletionRequest => ({
  model: 'gemini-2.5-flash',
  messages,
  ...fields,
});

function thrown(work: () => unknown): ProviderError {
  try {
    work();
  } catch (error) {
    assert.ok(ProviderError.isInstance(error), `expected a ProviderError, got ${String(error)}`);
    return error as ProviderError;
  }
  throw new Error('expected the mapping to throw');
}

test('a thought signature this process saw is sent back on its call, for any model', () => {
  const body = mapChatRequest(
    request([
      { role: 'user', content: 'Hi' },
      {
        role: 'assistant',
        tool_calls: [
          { id: 'call_AAAAAAAAAAAAAAAAAAAAAAAA', type: 'function', function: { name: 'a', arguments: '{}' } },
          { id: 'call_BBBBBBBBBBBBBBBBBBBBBBBB', type: 'function', function: { name: 'b', arguments: '{}' } },
        ],
      },
    ]),
    { thoughtSignatureFor: (id) => (id === 'call_AAAAAAAAAAAAAAAAAAAAAAAA' ? 'c2lnbmF0dXJl' : undefined) },
  );
  const parts = body.contents[1]!.parts;
  assert.is(parts[0]!.thoughtSignature, 'c2lnbmF0dXJl');
  assert.is(parts[1]!.thoughtSignature, undefined);
});

test('tool_choice required becomes mode ANY; auto AUTO; no tools means no toolConfig', () => {
  const tools = [{ type: 'function' as const, function: { name: 'f' } }];
  const messages: ChatMessage[] = [{ role: 'user', content: 'x' }];
  assert.equal(mapChatRequest(request(messages, { tools, tool_choice: 'required' })).toolConfig, {
    functionCallingConfig: { mode: 'ANY' },
  });
  assert.equal(mapChatRequest(request(messages, { tools, tool_choice: 'auto' })).toolConfig, {
    functionCallingConfig: { mode: 'AUTO' },
  });
  assert.is(mapChatRequest(request(messages, { tool_choice: 'required' })).toolConfig, undefined);
  assert.is(mapChatRequest(request(messages, { tools })).toolConfig, undefined);
});

test('audio and inline files become inlineData parts', () => {
  const body = mapChatRequest(
    request([
      {
        role: 'user',
        content: [
          { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
          { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'a.pdf' } },
        ],
      },
    ]),
  );
  assert.equal(body.contents[0]!.parts, [
    { inlineData: { mimeType: 'audio/wav', data: 'UklGRg==' } },
    { inlineData: { mimeType: 'application/pdf', data: 'JVBERi0=' } },
  ]);
});

test('a file id cannot be sent to Gemini: unsupported', () => {
  const error = thrown(() =>
    mapChatRequest(request([{ role: 'user', content: [{ type: 'file', file: { file_id: 'file-abc' } }] }])),
  );
  assert.is(error.code, 'unsupported');
  assert.is(error.param, 'messages[0].content[0]');
});

test('a tool result for an id no assistant called is a bad request naming the field', () => {
  const error = thrown(() =>
    mapChatRequest(request([{ role: 'user', content: 'x' }, { role: 'tool', tool_call_id: 'nope', content: 'r' }])),
  );
  assert.is(error.code, 'bad_request');
  assert.is(error.param, 'messages[1].tool_call_id');
});

test('tool call arguments that are not a JSON object are a bad request', () => {
  const error = thrown(() =>
    mapChatRequest(
      request([
        { role: 'user', content: 'x' },
        { role: 'assistant', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '[1,2]' } }] },
      ]),
    ),
  );
  assert.is(error.code, 'bad_request');
});

test('the legacy function role answers by name', () => {
  const body = mapChatRequest(
    request([
      { role: 'user', content: 'x' },
      { role: 'assistant', content: null, function_call: { name: 'f', arguments: '{"a":1}' } },
      { role: 'function', name: 'f', content: 'done' },
    ]),
  );
  assert.equal(body.contents.slice(1), [
    { role: 'model', parts: [{ functionCall: { name: 'f', args: { a: 1 } } }] },
    { role: 'user', parts: [{ functionResponse: { name: 'f', response: { output: 'done' } } }] },
  ]);
});

test('an assistant message with nothing in it is left out (Gemini refuses empty parts)', () => {
  const body = mapChatRequest(request([{ role: 'user', content: 'x' }, { role: 'assistant', content: '' }, { role: 'user', content: 'y' }]));
  assert.is(body.contents.length, 2);
});

test('safety settings from the provider record are sent along', () => {
  const safetySettings = [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_ONLY_HIGH' }];
  assert.equal(mapChatRequest(request([{ role: 'user', content: 'x' }]), { safetySettings }).safetySettings, safetySettings);
});

test('media types are guessed from the URL extension, ignoring query and case', () => {
  assert.is(guessMimeType('https://x.test/a/b.PNG?v=2#top'), 'image/png');
  assert.is(guessMimeType('https://x.test/doc.pdf'), 'application/pdf');
  assert.is(guessMimeType('https://x.test/no-extension'), 'image/jpeg');
});

test('data URLs without base64 are encoded', () => {
  assert.equal(parseDataUrl('data:text/plain,hello%20world'), { mimeType: 'text/plain', data: 'aGVsbG8gd29ybGQ=' });
  assert.equal(parseDataUrl('data:image/gif;base64,R0lGOD=='), { mimeType: 'image/gif', data: 'R0lGOD==' });
  assert.is(parseDataUrl('data:image/png;base64'), undefined);
});

test.run();
