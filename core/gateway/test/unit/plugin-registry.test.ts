/** The plugin registry: loads plugins.json entries (paths and npm names) and refuses bad plugins by name. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { capabilitiesOf, noCapabilities } from '@conduit/plugin-api';
import { loadPluginRegistry } from '../../src/engine/plugins/plugin-registry.ts';
import { makeTempDir } from '../../../../test/support/make-temp-dir.ts';

const provider = (name: string, extra = '') => `export default {
  apiVersion: 1, kind: 'provider', name: '${name}', version: '1.2.3',
  capabilities: { chat: true, stream: true, tools: false, vision: false, jsonObject: false, jsonSchema: false,
    completions: false, embeddings: false, images: false, audioInput: false },
  create() { return {}; }, ${extra}
};\n`;

function registryWith(files: Record<string, string>, entries: unknown[]): string {
  const dir = makeTempDir('registry');
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  writeFileSync(path.join(dir, 'plugins.json'), JSON.stringify({ plugins: entries }));
  return path.join(dir, 'plugins.json');
}

async function refusal(file: string): Promise<string> {
  try {
    await loadPluginRegistry(file);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the registry to refuse');
}

test('loads a local file and an npm package (exports with conditions) with parsed options', async () => {
  const file = registryWith(
    {
      'local/one.mjs': provider('one'),
      'node_modules/conduit-provider-two/package.json': JSON.stringify({ name: 'conduit-provider-two', exports: { '.': { import: './dist/index.mjs' } } }),
      'node_modules/conduit-provider-two/dist/index.mjs': provider('two', "parseOptions(raw) { if (raw.region !== 'eu' && raw.region !== 'us') throw new Error('region must be eu or us'); return { region: raw.region }; },"),
    },
    [{ module: './local/one.mjs' }, { module: 'conduit-provider-two', options: { region: 'eu' } }],
  );
  const registry = await loadPluginRegistry(file);
  assert.equal([...registry.providers.keys()], ['one', 'two']);
  assert.equal(registry.providers.get('two')?.options, { region: 'eu' });
  assert.is(registry.providers.get('one')?.plugin.version, '1.2.3');
});

test('refuses, naming the module and plugin: bad shape, bad options, duplicates, unknown kinds, missing modules', async () => {
  const cases: Array<[Record<string, string>, unknown[], RegExp]> = [
    [{ 'a.mjs': provider('a').replace('create() { return {}; },', '') }, [{ module: './a.mjs' }], /'\.\/a\.mjs'.*'a'.*create must be a function/],
    [{ 'b.mjs': provider('b').replace('apiVersion: 1', 'apiVersion: 9') }, [{ module: './b.mjs' }], /'b'.*apiVersion 9 is newer than this gateway's plugin API \(version 2\): upgrade the gateway/],
    [{ 'c.mjs': provider('c').replace('tools: false', "tools: 'yes'") }, [{ module: './c.mjs' }], /'c'.*capabilities\.tools/],
    [{ 'd.mjs': provider('d'), 'e.mjs': provider('d') }, [{ module: './d.mjs' }, { module: './e.mjs' }], /'\.\/e\.mjs'.*duplicate.*'\.\/d\.mjs'/],
    [{ 'f.mjs': "export default { apiVersion: 2, kind: 'video', name: 'f', version: '1.0.0' };" }, [{ module: './f.mjs' }], /'f'.*kind must be one of provider, routing-strategy, audio, realtime-translator \(got "video"\)/],
    [{ 'g.mjs': provider('g', "parseOptions() { throw new Error('region is required'); },") }, [{ module: './g.mjs' }], /'g' rejected its options: region is required/],
    [{}, [{ module: 'not-installed-plugin' }], /'not-installed-plugin'.*not installed/],
    [{ 'h.mjs': 'export const nothing = 1;' }, [{ module: './h.mjs' }], /no default export/],
  ];
  for (const [files, entries, expected] of cases) {
    assert.match(await refusal(registryWith(files, entries)), expected);
  }
});

const audio = (name: string, extra = '') => `export default {
  apiVersion: 2, kind: 'audio', name: '${name}', version: '0.1.0', defaultBaseUrl: 'https://api.${name}.example',
  optionsSchema: { type: 'object', properties: { region: { type: 'string' } }, additionalProperties: false },
  capabilities: { speak: true, speakStream: true, voices: [{ id: 'rachel' }], outputFormats: ['mp3', 'pcm'], maxInputCharacters: 5000 },
  create() { return {}; }, ${extra}
};\n`;

const translator = (name: string) => `export default {
  apiVersion: 2, kind: 'realtime-translator', name: '${name}', version: '0.1.0',
  capabilities: { inputAudioFormats: [{ type: 'audio/pcm', rate: 24000 }], tools: true },
  create() { return { connect() {} }; },
};\n`;

test('a provider declaring only { chat: true } loads; the flags it leaves out are false', async () => {
  const file = registryWith(
    { 'chat-only.mjs': "export default { apiVersion: 1, kind: 'provider', name: 'chat-only', version: '1.0.0', capabilities: { chat: true }, create() { return {}; } };" },
    [{ module: './chat-only.mjs' }],
  );
  const registry = await loadPluginRegistry(file);
  const plugin = registry.providers.get('chat-only')!.plugin;
  assert.equal(plugin.capabilities, { chat: true });
  assert.equal(capabilitiesOf(plugin), { ...noCapabilities, chat: true });
});

test('a provider declaring a capability this gateway does not know (a newer plugin) loads, and the unknown key is ignored', async () => {
  const file = registryWith(
    {
      'future.mjs': `export default { apiVersion: 2, kind: 'provider', name: 'future', version: '3.0.0',
        capabilities: { chat: true, stream: true, telepathy: true, reasoningEffort: { levels: ['low', 'high'] } },
        modelCapabilities: (model) => (model === 'old' ? { stream: false, telepathy: false } : undefined),
        create() { return {}; } };`,
    },
    [{ module: './future.mjs' }],
  );
  const plugin = (await loadPluginRegistry(file)).providers.get('future')!.plugin;
  assert.equal(capabilitiesOf(plugin), { ...noCapabilities, chat: true, stream: true });
  assert.equal(capabilitiesOf(plugin, 'old'), { ...noCapabilities, chat: true });
  assert.not.ok('telepathy' in capabilitiesOf(plugin));
});

test('apiVersion: plugins of version 1 and 2 load; newer, older, or missing ones are refused naming both versions', async () => {
  const ok = await loadPluginRegistry(registryWith({ 'v1.mjs': provider('v1'), 'v2.mjs': provider('v2').replace('apiVersion: 1', 'apiVersion: 2') }, [{ module: './v1.mjs' }, { module: './v2.mjs' }]));
  assert.equal([...ok.providers.values()].map((loaded) => loaded.plugin.apiVersion), [1, 2]);
  const cases: Array<[string, RegExp]> = [
    ['apiVersion: 3', /'x' is invalid: apiVersion 3 is newer than this gateway's plugin API \(version 2\)/],
    ['apiVersion: 0', /apiVersion must be a whole number from 1 to 2 \(got 0\)/],
    ['apiVersion: 1.5', /apiVersion must be a whole number from 1 to 2 \(got 1\.5\)/],
    ["apiVersion: '1'", /apiVersion must be a whole number from 1 to 2 \(got "1"\)/],
    ['apiVersion: undefined', /apiVersion must be a whole number from 1 to 2/],
  ];
  for (const [replacement, expected] of cases) {
    assert.match(await refusal(registryWith({ 'x.mjs': provider('x').replace('apiVersion: 1', replacement) }, [{ module: './x.mjs' }])), expected);
  }
  const oldAudio = audio('y').replace('apiVersion: 2', 'apiVersion: 1');
  assert.match(await refusal(registryWith({ 'y.mjs': oldAudio }, [{ module: './y.mjs' }])), /kind 'audio' exists since plugin API version 2, but the plugin declares apiVersion 1/);
});

test('one package exports plugins of several kinds under one name; the type serves every kind it has', async () => {
  const both = `import chat from './chat.mjs'; import speech from './speech.mjs'; import live from './live.mjs'; export default [chat, speech, live];`;
  const file = registryWith(
    {
      'openai/chat.mjs': provider('openai'),
      'openai/speech.mjs': audio('openai'),
      'openai/live.mjs': translator('openai'),
      'openai/index.mjs': both,
      'elevenlabs.mjs': audio('elevenlabs'),
      'strategy.mjs': "export default { apiVersion: 1, kind: 'routing-strategy', name: 'fastest', version: '1.0.0', create() { return {}; } };",
    },
    [{ module: './openai/index.mjs' }, { module: './elevenlabs.mjs' }, { module: './strategy.mjs' }],
  );
  const registry = await loadPluginRegistry(file);
  assert.equal(registry.kindsOf('openai'), ['provider', 'audio', 'realtime-translator']);
  assert.equal(registry.kindsOf('elevenlabs'), ['audio']);
  assert.equal(registry.kindsOf('fastest'), [], 'a routing strategy is no provider type');
  assert.equal(registry.kindsOf('nothing'), []);
  assert.equal(registry.providerTypes(), ['openai', 'elevenlabs']);
  assert.equal(registry.pluginsFor('openai').map((loaded) => loaded.plugin.kind), ['provider', 'audio', 'realtime-translator']);
  assert.is(registry.get('audio', 'openai')?.plugin.kind, 'audio');
  assert.is(registry.get('provider', 'elevenlabs'), undefined);
  assert.is(registry.audio.get('elevenlabs')?.plugin.capabilities.maxInputCharacters, 5000);
  assert.is(registry.realtimeTranslators.get('openai')?.module, './openai/index.mjs');
  assert.is(registry.accountOf('elevenlabs')?.defaultBaseUrl, 'https://api.elevenlabs.example');
  assert.is(registry.accountOf('fastest'), undefined);
  assert.equal(registry.all().map((loaded) => `${loaded.plugin.kind}:${loaded.plugin.name}`), [
    'provider:openai',
    'audio:openai',
    'realtime-translator:openai',
    'audio:elevenlabs',
    'routing-strategy:fastest',
  ]);
});

test("the repository's plugins.json loads the audio plugins (openai and its audio presets, azure-openai, elevenlabs, local-speech) and the realtime translators", async () => {
  const registry = await loadPluginRegistry(path.resolve(import.meta.dirname, '../../../../plugins.json'));
  assert.equal([...registry.audio.keys()], ['openai', 'groq', 'speaches', 'kokoro', 'localai', 'azure-openai', 'elevenlabs', 'local-speech']);
  assert.equal(registry.kindsOf('openai'), ['provider', 'audio', 'realtime-translator']);
  assert.equal(registry.kindsOf('azure-openai'), ['provider', 'audio', 'realtime-translator']);
  assert.equal(registry.kindsOf('elevenlabs'), ['audio', 'realtime-translator']);
  assert.equal(registry.kindsOf('ultravox'), ['realtime-translator']);
  assert.ok(registry.providerTypes().includes('elevenlabs') && registry.providerTypes().includes('local-speech'));
  assert.is(registry.accountOf('elevenlabs')?.defaultBaseUrl, 'https://api.elevenlabs.io');
  assert.is(registry.accountOf('groq')?.defaultBaseUrl, 'https://api.groq.com/openai/v1');
});

test('duplicates are refused within a kind only', async () => {
  const file = registryWith({ 'a.mjs': audio('same'), 'b.mjs': audio('same') }, [{ module: './a.mjs' }, { module: './b.mjs' }]);
  assert.match(await refusal(file), /'\.\/b\.mjs'.*'same' is a duplicate: the audio plugin named 'same' was already loaded from '\.\/a\.mjs'/);
});

test('audio and realtime-translator plugins are validated by their own shape', async () => {
  const cases: Array<[string, RegExp]> = [
    [audio('a').replace('create() { return {}; },', ''), /'a' is invalid: create: create must be a function/],
    [audio('a').replace('speak: true', "speak: 'yes'"), /capabilities\.speak: capabilities\.speak must be a boolean/],
    [audio('a').replace("voices: [{ id: 'rachel' }]", "voices: ['rachel']"), /capabilities\.voices\.0: capabilities\.voices must hold \{ id \}/],
    [audio('a').replace('maxInputCharacters: 5000', 'maxInputCharacters: -1'), /capabilities\.maxInputCharacters: .*positive whole number/],
    [audio('a').replace("outputFormats: ['mp3', 'pcm']", "outputFormats: 'mp3'"), /capabilities\.outputFormats: capabilities\.outputFormats must be a list/],
    [audio('a').replace(/capabilities: \{[^\n]*\},/, ''), /capabilities: capabilities must be an object/],
    [audio('a').replace("defaultBaseUrl: 'https://api.a.example'", "defaultBaseUrl: 'not a url'"), /defaultBaseUrl must be a URL/],
    [translator('t').replace('create() { return { connect() {} }; },', ''), /'t' is invalid: create: create must be a function/],
    [translator('t').replace("[{ type: 'audio/pcm', rate: 24000 }]", "['pcm16']"), /capabilities\.inputAudioFormats\.0/],
  ];
  for (const [text, expected] of cases) {
    assert.match(await refusal(registryWith({ 'p.mjs': text }, [{ module: './p.mjs' }])), expected);
  }
  const fine = await loadPluginRegistry(registryWith({ 'p.mjs': audio('a', "futureField: { anything: 1 },") }, [{ module: './p.mjs' }]));
  assert.is(fine.audio.get('a')?.plugin.version, '0.1.0');
});

test('a malformed plugins.json is refused with its path', async () => {
  const dir = makeTempDir('registry-bad');
  writeFileSync(path.join(dir, 'plugins.json'), '{ "plugins": [ { "modul": "./x" } ] }');
  assert.match(await refusal(path.join(dir, 'plugins.json')), /plugins\.json is invalid at plugins\.0/);
});

test.run();
