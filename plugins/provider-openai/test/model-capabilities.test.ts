import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openAIModelCapabilities } from '../src/model-capabilities.ts';

test('speech and transcription models answer no chat, embeddings or images', () => {
  for (const model of ['tts-1', 'tts-1-hd', 'gpt-4o-mini-tts', 'gpt-4o-mini-tts-2025-03-20', 'whisper-1', 'gpt-4o-transcribe', 'gpt-4o-mini-transcribe']) {
    const capabilities = openAIModelCapabilities(model);
    assert.equal([capabilities?.chat, capabilities?.stream, capabilities?.embeddings, capabilities?.realtime], [false, false, false, false], model);
  }
});

test('realtime models hold realtime sessions only: everything else off, realtime left to the provider type', () => {
  for (const model of ['gpt-4o-realtime-preview', 'gpt-4o-mini-realtime-preview-2024-12-17', 'gpt-realtime', 'gpt-realtime-mini']) {
    const capabilities = openAIModelCapabilities(model)!;
    assert.equal([capabilities.chat, capabilities.completions, capabilities.embeddings], [false, false, false], model);
    assert.not.ok('realtime' in capabilities, `${model} keeps the type's realtime`);
  }
});

test('chat models keep chat; embedding and image models only do that', () => {
  assert.is(openAIModelCapabilities('gpt-4o')?.chat, undefined, 'the default (chat) is kept');
  assert.is(openAIModelCapabilities('gpt-4o-audio-preview')?.chat, undefined);
  assert.equal([openAIModelCapabilities('text-embedding-3-small')?.chat, openAIModelCapabilities('text-embedding-3-small')?.embeddings], [false, true]);
  assert.equal([openAIModelCapabilities('gpt-image-1')?.chat, openAIModelCapabilities('gpt-image-1')?.images], [false, true]);
  assert.is(openAIModelCapabilities('some-local-model'), undefined);
});

test('moderation models only moderate: no chat, embeddings, images or realtime', () => {
  for (const model of ['omni-moderation-latest', 'omni-moderation-2024-09-26', 'text-moderation-latest', 'text-moderation-stable']) {
    const capabilities = openAIModelCapabilities(model);
    assert.equal(
      [capabilities?.moderations, capabilities?.chat, capabilities?.stream, capabilities?.embeddings, capabilities?.images, capabilities?.realtime],
      [true, false, false, false, false, false],
      model,
    );
  }
  assert.is(openAIModelCapabilities('gpt-4o')?.moderations, undefined, 'chat models keep the default (off)');
});

test.run();
