import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mergeCapabilities, noCapabilities } from '@conduit/plugin-api';
import plugin from '../src/index.ts';
import { mapModels } from '../src/map-models.ts';

const capabilitiesOf = (model: string) => mergeCapabilities(noCapabilities, plugin.capabilities, plugin.modelCapabilities?.(model));

test('the plugin declares the pinned type id, Cohere base URL and chat defaults', () => {
  assert.is(plugin.name, 'cohere');
  assert.is(plugin.kind, 'provider');
  assert.is(plugin.apiVersion, 1);
  assert.is(plugin.defaultBaseUrl, 'https://api.cohere.com');
  assert.is(plugin.capabilities.chat, true);
  assert.is(plugin.capabilities.embeddings, false);
});

test('command models chat, stream, call tools and produce JSON, without vision', () => {
  const capabilities = capabilitiesOf('command-a-03-2025');
  assert.equal(
    [capabilities.chat, capabilities.stream, capabilities.tools, capabilities.jsonObject, capabilities.jsonSchema, capabilities.vision],
    [true, true, true, true, true, false],
  );
  assert.is(capabilitiesOf('command-r-plus-08-2024').tools, true);
});

test('command-a-vision models also take images', () => {
  assert.is(capabilitiesOf('command-a-vision-07-2025').vision, true);
  assert.is(capabilitiesOf('command-a-vision-07-2025').chat, true);
});

test('embed models only embed; rerank models do nothing the gateway serves', () => {
  const embed = capabilitiesOf('embed-v4.0');
  assert.equal([embed.embeddings, embed.chat, embed.stream, embed.tools], [true, false, false, false]);
  assert.is(capabilitiesOf('embed-english-v3.0').embeddings, true);
  const rerank = capabilitiesOf('rerank-v3.5');
  assert.equal([rerank.chat, rerank.embeddings], [false, false]);
});

test('the model list maps endpoints to capabilities', () => {
  const models = mapModels({
    models: [
      { name: 'command-a-03-2025', endpoints: ['chat'] },
      { name: 'command-a-vision-07-2025', endpoints: ['chat'], features: ['vision'] },
      { name: 'embed-v4.0', endpoints: ['embed'] },
      { name: 'custom-model' },
      { endpoints: ['chat'] },
    ],
  });
  assert.equal(models.map((model) => model.id), ['command-a-03-2025', 'command-a-vision-07-2025', 'embed-v4.0', 'custom-model']);
  assert.equal([models[0].capabilities?.tools, models[0].capabilities?.vision], [true, false]);
  assert.is(models[1].capabilities?.vision, true);
  assert.equal([models[2].capabilities?.embeddings, models[2].capabilities?.chat], [true, false]);
  assert.is(models[3].capabilities?.chat, false);
});

test.run();
