import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ProviderError, type ChatCompletionRequest } from '@conduit/plugin-api';
import { mapChatRequest } from '../src/map-chat-request.ts';
import { loadJsonFixture } from './load-fixture.ts';

test('an OpenAI request becomes the Acme request of the golden fixture', () => {
  const request = loadJsonFixture<ChatCompletionRequest>('openai-request.json');
  assert.equal(mapChatRequest(request), loadJsonFixture('acme-generate-request.json'));
});

test('a plain request sends no optional field', () => {
  const body = mapChatRequest({ model: 'acme-small', messages: [{ role: 'user', content: 'Hi' }] });
  assert.equal(body, { model: 'acme-small', prompt_messages: [{ speaker: 'human', parts: [{ type: 'text', text: 'Hi' }] }], stream: false });
});

test('what Acme cannot do is refused, not dropped', () => {
  const refused = (request: ChatCompletionRequest): ProviderError => {
    try {
      mapChatRequest(request);
    } catch (error) {
      if (ProviderError.isInstance(error)) return error;
      throw error;
    }
    throw new Error('expected a ProviderError');
  };
  assert.is(refused({ model: 'm', messages: [{ role: 'user', content: 'Hi' }], n: 2 }).code, 'unsupported');
  const audio = refused({
    model: 'm',
    messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } }] }],
  });
  assert.is(audio.code, 'unsupported');
  assert.match(audio.message, /input_audio/);
});

test.run();
