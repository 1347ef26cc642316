/**
 * A third-party provider plugin, end to end, along the path core/plugin-api/README.md documents:
 * `npm run pack:plugin-api` packs `@conduit/plugin-api`; the example plugin `conduit-provider-acme`
 * is installed against that tarball with `npm install` and packed with `npm pack`; both tarballs are
 * installed into a deployment folder of their own (not the repository), listed in its plugins.json
 * (the plugin by package name with options, beside a built-in plugin by path), loaded by a real
 * gateway through CONDUIT_PLUGINS, configured over GraphQL and driven with the official `openai` SDK
 * against a fake Acme API.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import OpenAI from 'openai';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ProviderError as WorkspaceProviderError, type ProviderPlugin } from '@conduit/plugin-api';
import type * as PluginApi from '@conduit/plugin-api';
import { loadPluginRegistry, PluginLoadError } from '../../core/gateway/src/engine/plugins/plugin-registry.ts';
import { resolvePluginModule } from '../../core/gateway/src/engine/plugins/resolve-plugin-module.ts';
import { startTestGateway, type TestGateway } from '../../core/gateway/test/support/test-gateway.ts';
import { startAcmeFakeUpstream, type AcmeFakeUpstream } from '../../examples/conduit-provider-acme/test/fake-acme-upstream.ts';
import { makeTempDir } from '../support/make-temp-dir.ts';
import { acmePluginOptions, installDeployment, type Deployment } from './install-deployment.ts';
import { exampleDir, packThirdPartyPlugin, pluginApiDir, repositoryRoot, type PluginTarballs } from './pack-third-party-plugin.ts';

interface Context {
  tarballs: PluginTarballs;
  deployment: Deployment;
  fake: AcmeFakeUpstream;
  harness: TestGateway;
  client: OpenAI;
}

const test = suite<Context>('a third-party plugin installed from npm tarballs');

/** What installing a plugin must never rewrite: the repository's own manifests and lock. */
const repositoryManifests = ['package.json', 'package-lock.json', 'core/plugin-api/package.json', 'examples/conduit-provider-acme/package.json'];
const readManifests = (): string[] => repositoryManifests.map((file) => readFileSync(path.join(repositoryRoot, file), 'utf8'));
const manifestsBefore = readManifests();
const builtInPlugin = path.join(repositoryRoot, 'plugins', 'routing-priority');

test.before(async (context) => {
  try {
    const work = makeTempDir('third-party-plugin');
    context.tarballs = await packThirdPartyPlugin(work);
    context.deployment = await installDeployment(path.join(work, 'deployment'), context.tarballs, builtInPlugin);
    context.fake = await startAcmeFakeUpstream({ region: 'eu' });
    context.harness = await startTestGateway({ env: { CONDUIT_PLUGINS: context.deployment.pluginsFile } });
    const { harness, fake } = context;
    const providerId = await harness.createProvider({ name: 'acme-eu', type: 'acme', baseUrl: fake.provider.baseUrl, apiKey: fake.apiKey });
    await harness.createDeployment({ modelName: 'acme-chat', providerId, providerModel: 'acme-large' });
    context.client = harness.openai((await harness.createKey()).key);
  } catch (error) {
    // uvu swallows errors thrown by hooks; make them visible.
    console.error(error);
    throw error;
  }
});

test.after(async ({ harness, fake }) => {
  await harness?.close();
  await fake?.close();
});

const installed = (deployment: Deployment, ...parts: string[]): string => path.join(deployment.dir, 'node_modules', ...parts);
const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

test('npm run pack:plugin-api makes the tarball the example’s devDependency names', ({ tarballs }) => {
  assert.is(path.basename(tarballs.pluginApi), `conduit-plugin-api-${readJson<{ version: string }>(path.join(pluginApiDir, 'package.json')).version}.tgz`);
  const committed = readJson<{ devDependencies: Record<string, string> }>(path.join(exampleDir, 'package.json')).devDependencies;
  assert.is(committed['@conduit/plugin-api'], `file:../../dist/${path.basename(tarballs.pluginApi)}`);
  // npm install kept the spec, so it found the tarball at that path.
  assert.is(tarballs.authorManifest.devDependencies?.['@conduit/plugin-api'], committed['@conduit/plugin-api']);
});

test('installing into the deployment folder leaves the repository’s package.json and lock as they were', ({ deployment }) => {
  assert.equal(readManifests(), manifestsBefore);
  const { dependencies } = readJson<{ dependencies: Record<string, string> }>(path.join(deployment.dir, 'package.json'));
  assert.equal(Object.keys(dependencies).sort(), ['@conduit/plugin-api', 'conduit-provider-acme']);
  for (const spec of Object.values(dependencies)) assert.match(spec, /^file:.*\.tgz$/);
  assert.not.ok(existsSync(path.join(repositoryRoot, 'node_modules', 'conduit-provider-acme')), 'nothing was installed into the repository');
});

test('the packed plugin API is compiled JavaScript with declarations; the workspace keeps its sources', ({ deployment }) => {
  const manifest = readJson<{ exports: unknown }>(installed(deployment, '@conduit', 'plugin-api', 'package.json'));
  assert.equal(manifest.exports, {
    '.': { types: './dist/index.d.ts', import: './dist/index.js' },
    './conformance': { types: './dist/conformance/index.d.ts', import: './dist/conformance/index.js' },
    './internal': { types: './dist/internal.d.ts', import: './dist/internal.js' },
  });
  for (const file of ['LICENSE', 'dist/index.js', 'dist/index.d.ts', 'dist/conformance/index.js', 'dist/conformance/index.d.ts', 'dist/internal.js', 'dist/internal.d.ts']) {
    assert.ok(existsSync(installed(deployment, '@conduit', 'plugin-api', file)), `${file} is in the tarball`);
  }
  assert.ok(existsSync(installed(deployment, 'conduit-provider-acme', 'LICENSE')), "the example's LICENSE is in its tarball");
  assert.not.ok(existsSync(installed(deployment, '@conduit', 'plugin-api', 'src')), 'no TypeScript sources are published');
  const workspace = readJson<{ exports: unknown }>(path.join(pluginApiDir, 'package.json'));
  assert.equal(workspace.exports, { '.': './src/index.ts', './conformance': './src/conformance/index.ts', './internal': './src/internal.ts' });
});

test('the installed plugin runs on the tarball’s plugin API, not the workspace’s', async ({ deployment, fake }) => {
  const entry = resolvePluginModule('conduit-provider-acme', deployment.pluginsFile);
  assert.is(entry, installed(deployment, 'conduit-provider-acme', 'dist', 'index.js'));
  assert.not.ok(existsSync(installed(deployment, 'conduit-provider-acme', 'node_modules')), 'the plugin has no copy of its own');

  // The module instances the gateway loaded (same URLs): the plugin, and the plugin API beside it.
  const plugin = ((await import(pathToFileURL(entry).href)) as { default: ProviderPlugin<typeof acmePluginOptions> }).default;
  const tarballApi = (await import(pathToFileURL(installed(deployment, '@conduit', 'plugin-api', 'dist', 'index.js')).href)) as typeof PluginApi;
  const http = tarballApi.createHttpClient();
  const client = plugin.create({
    provider: { id: 'probe', name: 'probe', type: 'acme' },
    baseUrl: fake.provider.baseUrl,
    credentials: { apiKey: 'not-the-key' },
    options: {},
    pluginOptions: acmePluginOptions,
    http,
    logger: tarballApi.silentLogger,
  });
  try {
    await client.chat({ model: 'acme-large', messages: [{ role: 'user', content: 'Hi' }] }, { signal: new AbortController().signal, requestId: 'probe' });
    assert.unreachable('a wrong key must be refused');
  } catch (error) {
    assert.ok(error instanceof tarballApi.ProviderError, "the plugin threw the tarball's ProviderError");
    assert.not.ok(error instanceof WorkspaceProviderError, "not the workspace's");
    assert.ok(WorkspaceProviderError.isInstance(error), 'the gateway still recognises it');
    assert.is((error as PluginApi.ProviderError).code, 'authentication');
  } finally {
    await http.close();
  }
});

test('the plugins query lists the plugin with its package version, beside the built-in one', async ({ harness, deployment }) => {
  const { plugins } = await harness.graphql<{
    plugins: Array<{ name: string; kind: string; version: string; module: string; displayName: string; capabilities: Record<string, boolean> }>;
  }>('{ plugins { name kind version module displayName capabilities { chat stream tools vision embeddings } } }');
  const packageVersion = readJson<{ version: string }>(installed(deployment, 'conduit-provider-acme', 'package.json')).version;
  assert.equal(
    plugins.filter((plugin) => plugin.kind !== 'provider').map((plugin) => [plugin.name, plugin.kind, plugin.module]),
    [['priority', 'routing-strategy', path.relative(deployment.dir, builtInPlugin)]],
  );
  assert.equal(plugins.filter((plugin) => plugin.kind === 'provider'), [
    {
      name: 'acme',
      kind: 'provider',
      version: packageVersion,
      module: 'conduit-provider-acme',
      displayName: 'Acme AI',
      capabilities: { chat: true, stream: true, tools: true, vision: true, embeddings: false },
    },
  ]);
});

test("the registry refuses the installed plugin's invalid options, naming module and plugin", async ({ deployment }) => {
  // What startGateway runs before listening; called alone, since a second gateway in this process
  // would rebind the database models the running one uses.
  const pluginsFile = path.join(deployment.dir, 'plugins.wrong-region.json');
  writeFileSync(pluginsFile, JSON.stringify({ plugins: [{ module: 'conduit-provider-acme', options: { region: 'mars' } }] }));
  try {
    await loadPluginRegistry(pluginsFile);
    assert.unreachable('the registry accepted an invalid option');
  } catch (error) {
    assert.instance(error, PluginLoadError);
    assert.match((error as Error).message, /'conduit-provider-acme'.*'acme' rejected its options: region must be one of "us", "eu" \(got "mars"\)/);
  }
});

test('a chat reaches Acme in its own format, with the region from plugins.json', async ({ client, fake }) => {
  fake.enqueue({ type: 'message', text: 'Bonjour !', finish: 'stop', usage: { input: 11, output: 3, cachedInput: 4 } });
  const completion = await client.chat.completions.create({
    model: 'acme-chat',
    messages: [
      { role: 'system', content: 'Answer in French.' },
      { role: 'user', content: 'Hello' },
    ],
  });
  assert.is(completion.object, 'chat.completion');
  assert.is(completion.choices[0]?.message.content, 'Bonjour !');
  assert.is(completion.choices[0]?.finish_reason, 'stop');
  assert.equal(completion.usage && [completion.usage.prompt_tokens, completion.usage.completion_tokens, completion.usage.total_tokens], [15, 3, 18]);
  const sent = fake.lastRequest();
  assert.is(sent.path, '/v2/generate');
  assert.is(sent.headers['acme-region'], 'eu');
  assert.is(sent.headers.authorization, `Bearer ${fake.apiKey}`);
  assert.is(sent.model, 'acme-large');
  assert.is(sent.system, 'Answer in French.');
  assert.equal((sent.body as { prompt_messages: unknown }).prompt_messages, [{ speaker: 'human', parts: [{ type: 'text', text: 'Hello' }] }]);
});

test('a stream arrives chunk by chunk and ends with the usage the client asked for', async ({ client, fake }) => {
  fake.enqueue({ type: 'message', text: 'one two three four', finish: 'stop', usage: { input: 9, output: 4 }, pieces: 4 });
  const stream = await client.chat.completions.create({
    model: 'acme-chat',
    messages: [{ role: 'user', content: 'Count to four' }],
    stream: true,
    stream_options: { include_usage: true },
  });
  const pieces: string[] = [];
  const usages: OpenAI.CompletionUsage[] = [];
  for await (const chunk of stream) {
    if (chunk.choices[0]?.delta.content) pieces.push(chunk.choices[0].delta.content);
    if (chunk.usage) usages.push(chunk.usage);
  }
  assert.is(pieces.join(''), 'one two three four');
  assert.ok(pieces.length >= 4, `the text came in ${pieces.length} chunk(s)`);
  assert.equal(usages.map((usage) => [usage.prompt_tokens, usage.completion_tokens, usage.total_tokens]), [[9, 4, 13]]);
  assert.is(fake.lastRequest().stream, true);
});

test('an Acme failure reaches the SDK as an OpenAI error, Retry-After included', async ({ client, fake }) => {
  fake.enqueue({ type: 'http-error', status: 429, message: 'Slow down, please.', retryAfterSeconds: 7 });
  try {
    await client.chat.completions.create({ model: 'acme-chat', messages: [{ role: 'user', content: 'Hello' }] });
    assert.unreachable('the call should fail');
  } catch (error) {
    assert.instance(error, OpenAI.RateLimitError);
    const failure = error as InstanceType<typeof OpenAI.RateLimitError>;
    assert.is(failure.status, 429);
    assert.is(failure.headers?.get('retry-after'), '7');
    assert.match(failure.message, /acme-eu.*Slow down, please\./);
  }
});

test.run();
