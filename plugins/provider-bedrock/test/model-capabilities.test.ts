import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mergeCapabilities, noCapabilities } from '@conduit/plugin-api';
import plugin from '../src/index.ts';
import { bareModelId, bedrockModelCapabilities } from '../src/model-capabilities.ts';

const capabilities = (model: string) => mergeCapabilities(noCapabilities, plugin.capabilities, bedrockModelCapabilities(model));

test('the defaults are chat, stream and tools; no embeddings (not implemented), no JSON mode', () => {
  assert.equal(
    [plugin.capabilities.chat, plugin.capabilities.stream, plugin.capabilities.tools, plugin.capabilities.vision, plugin.capabilities.embeddings, plugin.capabilities.jsonObject],
    [true, true, true, false, false, false],
  );
});

test('vision: Claude 3 and later, Nova Lite/Pro/Premier, Llama 3.2 vision and Llama 4, Pixtral', () => {
  for (const model of [
    'anthropic.claude-3-haiku-20240307-v1:0',
    'anthropic.claude-3-5-sonnet-20241022-v2:0',
    'anthropic.claude-3-7-sonnet-20250219-v1:0',
    'us.anthropic.claude-sonnet-4-20250514-v1:0',
    'global.anthropic.claude-opus-4-1-20250805-v1:0',
    'amazon.nova-pro-v1:0',
    'eu.amazon.nova-lite-v1:0',
    'amazon.nova-premier-v1:0',
    'us.meta.llama3-2-90b-instruct-v1:0',
    'meta.llama4-maverick-17b-instruct-v1:0',
    'mistral.pixtral-large-2502-v1:0',
    'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-opus-20240229-v1:0',
  ]) {
    assert.ok(capabilities(model).vision, model);
  }
  for (const model of ['anthropic.claude-3-5-haiku-20241022-v1:0', 'amazon.nova-micro-v1:0', 'meta.llama3-1-70b-instruct-v1:0', 'mistral.mistral-large-2407-v1:0']) {
    assert.not.ok(capabilities(model).vision, model);
  }
});

test('JSON schema output for Claude 4.5 and later only', () => {
  assert.ok(capabilities('us.anthropic.claude-sonnet-4-5-20250929-v1:0').jsonSchema);
  assert.ok(capabilities('anthropic.claude-haiku-4-5-20251001-v1:0').jsonSchema);
  assert.ok(capabilities('anthropic.claude-opus-4-6-v1').jsonSchema);
  assert.not.ok(capabilities('anthropic.claude-sonnet-4-20250514-v1:0').jsonSchema);
  assert.not.ok(capabilities('anthropic.claude-opus-4-1-20250805-v1:0').jsonSchema);
});

test('embedding and image models do not chat; old text models lose tools', () => {
  assert.not.ok(capabilities('amazon.titan-embed-text-v2:0').chat);
  assert.not.ok(capabilities('cohere.embed-english-v3').embeddings);
  assert.not.ok(capabilities('stability.sd3-large-v1:0').chat);
  assert.not.ok(capabilities('amazon.titan-text-express-v1').tools);
  assert.ok(capabilities('amazon.titan-text-express-v1').chat);
});

test('inference profile prefixes and ARNs reduce to the bare model id', () => {
  assert.is(bareModelId('apac.amazon.nova-lite-v1:0'), 'amazon.nova-lite-v1:0');
  assert.is(bareModelId('arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-v2:1'), 'anthropic.claude-v2:1');
});

test.run();
