import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { noCapabilities } from '@conduit/plugin-api';
import plugin from '../src/index.ts';
import type { GeminiListModelsResponse } from '../src/gemini-api.ts';
import { mapModelList } from '../src/map-model-list.ts';
import { chatModelCapabilities, geminiModelCapabilities } from '../src/model-capabilities.ts';
import { modelResourcePath, modelTraits } from '../src/model-traits.ts';
import { readFixture } from './read-fixture.ts';

test('the plugin declares the pinned type id, default base URL without version, and defaults', () => {
  assert.is(plugin.name, 'gemini');
  assert.is(plugin.kind, 'provider');
  assert.is(plugin.apiVersion, 1);
  assert.is(plugin.defaultBaseUrl, 'https://generativelanguage.googleapis.com');
  assert.ok(plugin.capabilities.chat && plugin.capabilities.embeddings);
});

test('gemini-* chat models: chat, stream, tools, vision, JSON object and schema; no embeddings', () => {
  for (const model of ['gemini-2.5-flash', 'models/gemini-3-pro-preview', 'gemini-flash-latest']) {
    assert.equal(geminiModelCapabilities(model), chatModelCapabilities, model);
    assert.is(geminiModelCapabilities(model)?.embeddings, false);
  }
});

test('embedding models only embed, including gemini-embedding-*', () => {
  for (const model of ['text-embedding-004', 'gemini-embedding-001', 'embedding-001']) {
    assert.equal(geminiModelCapabilities(model), { ...noCapabilities, embeddings: true }, model);
  }
});

test('unknown names keep the defaults', () => {
  assert.is(geminiModelCapabilities('my-proxy-model'), undefined);
});

test('model list: models/ prefix stripped; capabilities by name, else by generation methods', () => {
  const list = readFixture<GeminiListModelsResponse>('list-models.json');
  const models = mapModelList(list.models ?? []);
  assert.equal(models.map((model) => model.id), [
    'gemini-2.5-flash',
    'gemini-embedding-001',
    'gemma-3-27b-it',
    'learnlm-2.0-flash-experimental',
    'imagen-4.0-generate-001',
  ]);
  assert.is(models[0]!.capabilities?.tools, true);
  assert.equal(models[1]!.capabilities, { ...noCapabilities, embeddings: true });
  assert.equal(models[2]!.capabilities, { ...noCapabilities, chat: true, stream: true });
  assert.equal(models[3]!.capabilities, { ...chatModelCapabilities, embeddings: false });
  assert.equal(models[4]!.capabilities, noCapabilities);
  assert.ok(models.every((model) => model.ownedBy === 'google'));
});

test('traits: Gemini 3 and aliases need thought signatures, 2.x and Gemma do not; Gemma has no system instruction', () => {
  assert.is(modelTraits('gemini-3-pro-preview').requiresThoughtSignature, true);
  assert.is(modelTraits('gemini-flash-latest').requiresThoughtSignature, true);
  assert.is(modelTraits('gemini-2.5-flash').requiresThoughtSignature, false);
  assert.is(modelTraits('gemma-3-27b-it').supportsSystemInstruction, false);
  assert.is(modelTraits('gemini-2.5-flash').supportsSystemInstruction, true);
});

test('resource paths: models/<id>, tuned models as given', () => {
  assert.is(modelResourcePath('gemini-2.5-flash'), 'models/gemini-2.5-flash');
  assert.is(modelResourcePath('models/gemini-2.5-flash'), 'models/gemini-2.5-flash');
  assert.is(modelResourcePath('tunedModels/my-model-123'), 'tunedModels/my-model-123');
});

test.run();
