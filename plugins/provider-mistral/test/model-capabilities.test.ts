import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mergeCapabilities, noCapabilities } from '@conduit/plugin-api';
import plugin from '../src/index.ts';
import { mapModels } from '../src/map-models.ts';

const capabilitiesOf = (model: string) => mergeCapabilities(noCapabilities, plugin.capabilities, plugin.modelCapabilities?.(model));

test('the plugin declares the pinned type id and Mistral base URL', () => {
  assert.is(plugin.name, 'mistral');
  assert.is(plugin.kind, 'provider');
  assert.is(plugin.apiVersion, 1);
  assert.is(plugin.defaultBaseUrl, 'https://api.mistral.ai/v1');
});

test('chat models call tools and produce JSON; no completions (FIM is not OpenAI completions)', () => {
  for (const model of ['mistral-large-latest', 'codestral-latest', 'open-mistral-nemo', 'ministral-8b-latest']) {
    const capabilities = capabilitiesOf(model);
    assert.equal(
      [capabilities.chat, capabilities.stream, capabilities.tools, capabilities.jsonObject, capabilities.jsonSchema, capabilities.completions, capabilities.vision],
      [true, true, true, true, true, false, false],
      model,
    );
  }
});

test('vision: pixtral, mistral-medium 3+, mistral-small from 2503, magistral from 2509 and their -latest', () => {
  for (const model of ['pixtral-12b-2409', 'pixtral-large-latest', 'mistral-medium-latest', 'mistral-medium-2505', 'mistral-small-latest', 'mistral-small-2503', 'mistral-small-2506', 'magistral-medium-2509', 'magistral-small-latest']) {
    assert.ok(capabilitiesOf(model).vision, `${model} takes images`);
  }
  for (const model of ['mistral-small-2501', 'mistral-small-2409', 'mistral-medium-2312', 'magistral-medium-2507', 'codestral-2508', 'mistral-large-2411']) {
    assert.not.ok(capabilitiesOf(model).vision, `${model} does not take images`);
  }
});

test('embedding models only embed; voxtral takes audio; moderation does nothing the gateway routes', () => {
  const embed = capabilitiesOf('mistral-embed');
  assert.equal([embed.embeddings, embed.chat, embed.tools], [true, false, false]);
  assert.is(capabilitiesOf('codestral-embed-2505').embeddings, true);
  assert.is(capabilitiesOf('voxtral-small-latest').audioInput, true);
  assert.is(capabilitiesOf('mistral-moderation-latest').chat, false);
});

test('the model list maps Mistral capability flags', () => {
  const models = mapModels({
    object: 'list',
    data: [
      { id: 'mistral-small-latest', owned_by: 'mistralai', created: 1, capabilities: { completion_chat: true, function_calling: true, vision: true } },
      { id: 'voxtral-mini-latest', capabilities: { completion_chat: true, function_calling: false, audio: true } },
      { id: 'mistral-embed', capabilities: { completion_chat: false } },
      { object: 'model' },
    ],
  });
  assert.equal(models.map((model) => model.id), ['mistral-small-latest', 'voxtral-mini-latest', 'mistral-embed']);
  assert.equal([models[0].capabilities?.vision, models[0].capabilities?.tools, models[0].ownedBy], [true, true, 'mistralai']);
  assert.equal([models[1].capabilities?.tools, models[1].capabilities?.audioInput], [false, true]);
  assert.equal([models[2].capabilities?.embeddings, models[2].capabilities?.chat], [true, false]);
});

test.run();
