import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mergeCapabilities, noCapabilities } from '@conduit/plugin-api';
import plugin from '../src/index.ts';
import { resolveSettings } from '../src/anthropic-settings.ts';

test('the plugin declares the pinned type id, Anthropic\'s base URL without /v1, and its capabilities', () => {
  assert.is(plugin.kind, 'provider');
  assert.is(plugin.apiVersion, 1);
  assert.is(plugin.name, 'anthropic');
  assert.is(plugin.displayName, 'Anthropic');
  assert.is(plugin.defaultBaseUrl, 'https://api.anthropic.com');
  assert.equal(plugin.capabilities, {
    chat: true,
    stream: true,
    tools: true,
    vision: true,
    jsonObject: false,
    jsonSchema: true,
    completions: false,
    embeddings: false,
    images: false,
    audioInput: false,
    realtime: false,
    moderations: false,
  });
});

test('models older than structured outputs do not declare jsonSchema', () => {
  const capabilities = (model: string) => mergeCapabilities(noCapabilities, plugin.capabilities, plugin.modelCapabilities?.(model));
  for (const model of ['claude-3-5-sonnet-20241022', 'claude-3-haiku-20240307', 'claude-sonnet-4-20250514', 'claude-opus-4-0', 'claude-opus-4-1-20250805']) {
    assert.not.ok(capabilities(model).jsonSchema, model);
    assert.ok(capabilities(model).tools, model);
  }
  for (const model of ['claude-sonnet-4-5-20250929', 'claude-haiku-4-5', 'claude-opus-4-6', 'claude-sonnet-5-5', 'claude-opus-5']) {
    assert.ok(capabilities(model).jsonSchema, model);
  }
});

test('plugin options are validated', () => {
  assert.equal(plugin.parseOptions?.({ defaultMaxTokens: 8192, apiVersion: '2026-10-21' }), { defaultMaxTokens: 8192, apiVersion: '2026-10-21' });
  assert.equal(plugin.parseOptions?.(undefined), {});
  assert.throws(() => plugin.parseOptions?.({ defaultMaxTokens: 0 }), /defaultMaxTokens/);
  assert.throws(() => plugin.parseOptions?.({ apiVersion: 'latest' }), /apiVersion/);
  assert.throws(() => plugin.parseOptions?.({ region: 'eu' }), /unknown option/);
});

test('provider options override plugin options; sampling parameters follow the API version', () => {
  const defaults = resolveSettings({}, {});
  assert.is(defaults.apiVersion, '2023-06-01');
  assert.ok(defaults.samplingParameters);
  const fromPlugin = resolveSettings({}, { apiVersion: '2026-10-21', defaultMaxTokens: 1000 });
  assert.is(fromPlugin.apiVersion, '2026-10-21');
  assert.not.ok(fromPlugin.samplingParameters);
  assert.is(fromPlugin.defaultMaxTokens, 1000);
  const fromProvider = resolveSettings(
    { apiVersion: '2023-06-01', defaultMaxTokens: 500, betas: ['a', 'b'], headers: { 'X-Custom': 'v' } },
    { apiVersion: '2026-10-21', defaultMaxTokens: 1000 },
  );
  assert.equal(fromProvider, { apiVersion: '2023-06-01', defaultMaxTokens: 500, betas: ['a', 'b'], headers: { 'x-custom': 'v' }, samplingParameters: true });
});

test.run();
