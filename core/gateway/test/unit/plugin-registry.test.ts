/** The plugin registry: loads plugins.json entries (paths and npm names) and refuses bad plugins by name. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
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
    [{ 'b.mjs': provider('b').replace('apiVersion: 1', 'apiVersion: 9') }, [{ module: './b.mjs' }], /'b'.*apiVersion must be 1/],
    [{ 'c.mjs': provider('c').replace('tools: false', "tools: 'yes'") }, [{ module: './c.mjs' }], /'c'.*capabilities\.tools/],
    [{ 'd.mjs': provider('d'), 'e.mjs': provider('d') }, [{ module: './d.mjs' }, { module: './e.mjs' }], /'\.\/e\.mjs'.*duplicate.*'\.\/d\.mjs'/],
    [{ 'f.mjs': "export default { apiVersion: 1, kind: 'audio', name: 'f', version: '1.0.0' };" }, [{ module: './f.mjs' }], /kind 'audio' is not supported/],
    [{ 'g.mjs': provider('g', "parseOptions() { throw new Error('region is required'); },") }, [{ module: './g.mjs' }], /'g' rejected its options: region is required/],
    [{}, [{ module: 'not-installed-plugin' }], /'not-installed-plugin'.*not installed/],
    [{ 'h.mjs': 'export const nothing = 1;' }, [{ module: './h.mjs' }], /no default export/],
  ];
  for (const [files, entries, expected] of cases) {
    assert.match(await refusal(registryWith(files, entries)), expected);
  }
});

test('a malformed plugins.json is refused with its path', async () => {
  const dir = makeTempDir('registry-bad');
  writeFileSync(path.join(dir, 'plugins.json'), '{ "plugins": [ { "modul": "./x" } ] }');
  assert.match(await refusal(path.join(dir, 'plugins.json')), /plugins\.json is invalid at plugins\.0/);
});

test.run();
