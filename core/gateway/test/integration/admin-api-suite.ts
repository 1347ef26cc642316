/**
 * The GraphQL admin API: authentication, the pinned mutations, write-only secrets, input validation,
 * and secrets at rest (the database never holds a clear virtual key or provider key).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import type { DatabaseTarget } from '../support/database-targets.ts';

interface Context {
  harness: TestGateway;
}

export function adminApiSuite(target: DatabaseTarget): void {
  const test = suite<Context>(`GraphQL admin API (${target.name})`);

  test.before(async (context) => {
    try {
      context.harness = await startTestGateway({ databaseUrl: await target.freshDatabaseUrl() });
    } catch (error) {
      console.error(error);
      throw error;
    }
  });
  test.after(async ({ harness }) => harness?.close());

  test('without the master key the API answers 401', async ({ harness }) => {
    const none = await fetch(`${harness.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ providers { id } }' }),
    });
    assert.is(none.status, 401);
    const wrong = await harness.graphqlRaw('{ providers { id } }', {}, 'not-the-master-key');
    assert.is(wrong.status, 401);
  });

  test('plugins lists what the registry loaded, with versions and capabilities', async ({ harness }) => {
    const data = await harness.graphql<{ plugins: Array<{ name: string; kind: string; version: string; capabilities: { chat: boolean } | null }> }>(
      '{ plugins { name kind version module capabilities { chat tools vision embeddings } } }',
    );
    const openai = data.plugins.find((plugin) => plugin.name === 'openai');
    assert.ok(openai);
    assert.is(openai.kind, 'provider');
    assert.is(openai.version, '0.1.0');
    assert.is(openai.capabilities?.chat, true);
    for (const preset of ['groq', 'together', 'fireworks', 'deepinfra', 'openrouter', 'ollama', 'vllm', 'lmstudio']) {
      assert.ok(data.plugins.some((plugin) => plugin.name === preset), `${preset} preset is loaded`);
    }
  });

  test('a provider key is write-only: no field returns it, only that it is set', async ({ harness }) => {
    const type = await harness.graphql<{ __type: { fields: Array<{ name: string }> } }>('{ __type(name: "Provider") { fields { name } } }');
    const names = type.__type.fields.map((field) => field.name);
    assert.not.ok(names.includes('apiKey'));
    assert.not.ok(names.includes('credentials'));
    const created = await harness.graphql<{ createProvider: { id: string; hasApiKey: boolean; secretFields: string[]; baseUrl: string | null } }>(
      // A type whose key is optional (a local server), so that removing the key below is allowed.
      `mutation { createProvider(input: { name: "p1", type: "ollama", apiKey: "sk-secret-provider-key-123456", enabled: true }) { id hasApiKey secretFields baseUrl } }`,
    );
    assert.is(created.createProvider.hasApiKey, true);
    assert.equal(created.createProvider.secretFields, ['apiKey']);
    assert.is(created.createProvider.baseUrl, null);
    const updated = await harness.graphql<{ updateProvider: { hasApiKey: boolean } }>(
      'mutation($id: ID!) { updateProvider(id: $id, input: { apiKey: null }) { hasApiKey } }',
      { id: created.createProvider.id },
    );
    assert.is(updated.updateProvider.hasApiKey, false);
  });

  test('createVirtualKey returns the clear key once; reads show only its prefix', async ({ harness }) => {
    const created = await harness.graphql<{ createVirtualKey: { key: string; virtualKey: { id: string; keyPrefix: string; spend: number; allowedModels: string[] } } }>(
      'mutation { createVirtualKey(input: { name: "k", allowedModels: ["gpt-4o*"], metadata: { team: "a" } }) { key virtualKey { id keyPrefix spend allowedModels } } }',
    );
    const { key, virtualKey } = created.createVirtualKey;
    assert.match(key, /^ck-[A-Za-z0-9_-]{40,}$/);
    assert.ok(key.startsWith(virtualKey.keyPrefix));
    assert.is(virtualKey.spend, 0);
    assert.equal(virtualKey.allowedModels, ['gpt-4o*']);
    const read = await harness.graphql<{ virtualKey: Record<string, unknown> }>('query($id: ID!) { virtualKey(id: $id) { id name keyPrefix metadata } }', { id: virtualKey.id });
    assert.not.ok(JSON.stringify(read).includes(key));
    assert.equal(read.virtualKey.metadata, { team: 'a' });
  });

  test('invalid input is refused with an error naming the field, and changes nothing', async ({ harness }) => {
    const cases: Array<[string, string]> = [
      ['mutation { createModelCost(input: { model: "m", inputPerMillion: -1 }) { id } }', 'input.inputPerMillion'],
      ['mutation { createModelCost(input: { model: "a*b" }) { id } }', 'input.model'],
      ['mutation { createProvider(input: { name: "x", type: "no-such-type" }) { id } }', 'input.type'],
      ['mutation { createProvider(input: { name: "x", type: "openai", baseUrl: "not a url" }) { id } }', 'input.baseUrl'],
      ['mutation { createProvider(input: { name: "x", type: "openai", apiKey: "sk-x", options: { nope: 1 } }) { id } }', 'input.options.nope'],
      ['mutation { createModelDeployment(input: { modelName: "m", providerId: "missing", providerModel: "x" }) { id } }', 'input.providerId'],
      ['mutation { createModelDeployment(input: { modelName: "", providerId: "missing", providerModel: "x" }) { id } }', 'input.modelName'],
      ['mutation { createVirtualKey(input: { name: "" }) { key } }', 'input.name'],
    ];
    const before = await harness.graphql('{ providers { id } modelCosts { id } modelDeployments { id } virtualKeys { id } }');
    for (const [query, field] of cases) {
      const { body } = await harness.graphqlRaw(query);
      assert.ok(body.errors?.length, query);
      assert.is(body.errors![0]!.extensions?.code, 'BAD_USER_INPUT', query);
      assert.is(body.errors![0]!.extensions?.field, field, query);
    }
    const after = await harness.graphql('{ providers { id } modelCosts { id } modelDeployments { id } virtualKeys { id } }');
    assert.equal(after, before);
  });

  test('a duplicate name and an unknown id get clear errors', async ({ harness }) => {
    await harness.graphql('mutation { createProvider(input: { name: "dup", type: "openai", apiKey: "sk-x" }) { id } }');
    const duplicate = await harness.graphqlRaw('mutation { createProvider(input: { name: "dup", type: "openai", apiKey: "sk-x" }) { id } }');
    assert.is(duplicate.body.errors?.[0]?.extensions?.field, 'input.name');
    const missing = await harness.graphqlRaw('mutation { deleteModelCost(id: "nope") }');
    assert.is(missing.body.errors?.[0]?.extensions?.code, 'NOT_FOUND');
  });

  test("a deployment's capabilities show realtime as routing sees it: from the type's realtime translator, under its overrides", async ({ harness }) => {
    const openai = await harness.createProvider({ name: 'caps-openai', type: 'openai', baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'sk-caps' });
    const ultravox = await harness.createProvider({ name: 'caps-ultravox', type: 'ultravox', baseUrl: 'http://127.0.0.1:9/api', apiKey: 'uv-caps' });
    const speech = await harness.createProvider({ name: 'caps-speech', type: 'local-speech' });
    const chatAndRealtime = await harness.createDeployment({ modelName: 'caps-rt', providerId: openai, providerModel: 'gpt-4o' });
    const turnedOff = await harness.createDeployment({ modelName: 'caps-off', providerId: openai, providerModel: 'gpt-4o', capabilities: { realtime: false } });
    // OpenAI's realtime models hold realtime sessions only; its speech models answer no chat either.
    const openAIRealtime = await harness.createDeployment({ modelName: 'caps-gpt-realtime', providerId: openai, providerModel: 'gpt-realtime' });
    const openAISpeech = await harness.createDeployment({ modelName: 'caps-openai-tts', providerId: openai, providerModel: 'tts-1' });
    const realtimeOnly = await harness.createDeployment({ modelName: 'caps-voice', providerId: ultravox, providerModel: 'ultravox-v0.7' });
    const audioOnly = await harness.createDeployment({ modelName: 'caps-tts', providerId: speech, providerModel: 'espeak' });
    const { modelDeployments } = await harness.graphql<{ modelDeployments: Array<{ id: string; capabilities: { chat: boolean; realtime: boolean } | null }> }>(
      '{ modelDeployments { id capabilities { chat realtime } } }',
    );
    const of = (id: string) => modelDeployments.find((deployment) => deployment.id === id)?.capabilities;
    assert.equal(of(chatAndRealtime), { chat: true, realtime: true });
    assert.equal(of(turnedOff), { chat: true, realtime: false });
    assert.equal(of(openAIRealtime), { chat: false, realtime: true });
    assert.equal(of(openAISpeech), { chat: false, realtime: false });
    assert.equal(of(realtimeOnly), { chat: false, realtime: true });
    assert.equal(of(audioOnly), { chat: false, realtime: false });
  });

  test('update, list and delete work for each entity', async ({ harness }) => {
    const provider = await harness.createProvider({ name: 'crud', type: 'openai', baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'sk-crud' });
    const deployment = await harness.createDeployment({ modelName: 'crud-model', providerId: provider, providerModel: 'gpt-4o', weight: 3, priority: 2 });
    const updated = await harness.graphql<{ updateModelDeployment: { weight: number; capabilities: { vision: boolean } } }>(
      'mutation($id: ID!) { updateModelDeployment(id: $id, input: { weight: 5, capabilities: { vision: false } }) { weight capabilities { vision } } }',
      { id: deployment },
    );
    assert.is(updated.updateModelDeployment.weight, 5);
    assert.is(updated.updateModelDeployment.capabilities.vision, false);
    const cost = await harness.graphql<{ createModelCost: { id: string } }>('mutation { createModelCost(input: { model: "crud-*", inputPerMillion: 1, outputPerMillion: 2 }) { id } }');
    await harness.graphql('mutation($id: ID!) { updateModelCost(id: $id, input: { cachedInputPerMillion: 0.5 }) { id } }', { id: cost.createModelCost.id });
    const listed = await harness.graphql<{ modelCosts: Array<{ model: string; cachedInputPerMillion: number }> }>('{ modelCosts { model cachedInputPerMillion } }');
    assert.is(listed.modelCosts.find((entry) => entry.model === 'crud-*')?.cachedInputPerMillion, 0.5);
    const withDeployments = await harness.graphql<{ provider: { deployments: Array<{ id: string }> } }>('query($id: ID!) { provider(id: $id) { deployments { id } } }', { id: provider });
    assert.equal(withDeployments.provider.deployments.map((entry) => entry.id), [deployment]);
    await harness.graphql('mutation($id: ID!) { deleteProvider(id: $id) }', { id: provider });
    const remaining = await harness.graphql<{ modelDeployments: Array<{ id: string }> }>('{ modelDeployments(modelName: "crud-model") { id } }');
    assert.equal(remaining.modelDeployments, [], 'deleting a provider deletes its deployments');
    await harness.graphql('mutation($id: ID!) { deleteModelCost(id: $id) }', { id: cost.createModelCost.id });
  });

  if (target.name === 'sqlite') {
    test('the database file holds neither a clear virtual key nor a clear provider key', async ({ harness }) => {
      const providerKey = 'sk-provider-clear-text-5b3f1d9a7c';
      await harness.createProvider({ name: 'secret-check', type: 'openai', apiKey: providerKey });
      const { key } = await harness.createKey({ name: 'secret-check' });
      await harness.gateway.logWriter.flush();
      await harness.gateway.database.sequelize.query('PRAGMA wal_checkpoint(TRUNCATE)');
      const files = readdirSync(harness.dataDir).filter((name) => name.startsWith('conduit.sqlite'));
      assert.ok(files.length > 0);
      for (const name of files) {
        const bytes = readFileSync(path.join(harness.dataDir, name)).toString('latin1');
        assert.not.ok(bytes.includes(key), `${name} contains the clear virtual key`);
        assert.not.ok(bytes.includes(providerKey), `${name} contains the clear provider key`);
        assert.not.ok(bytes.includes(key.slice(3, 20)), `${name} contains part of the virtual key`);
      }
      const keyFile = readFileSync(path.join(harness.dataDir, 'conduit.sqlite')).toString('latin1');
      assert.ok(keyFile.includes('secret-check'), 'the check reads the real database file');
    });
  }

  test.run();
}
