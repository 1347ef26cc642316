/**
 * Keys, groups and prices over GraphQL: the pinned virtual key fields, key groups, price tables in
 * and out as JSON and CSV, unpriced models, settings, and input that is refused (naming the field or
 * row) without changing anything.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startOpenAIFakeUpstream, type OpenAIFakeUpstream } from '../../../../plugins/provider-openai/test/fake-openai-upstream.ts';
import type { DatabaseTarget } from '../support/database-targets.ts';
import { postChat } from '../support/limit-helpers.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { unchargedPriceFields } from '../../src/services/model-cost-service.ts';

interface Context {
  fake: OpenAIFakeUpstream;
  harness: TestGateway;
}

const keyFields = 'id name allowedModels expiresAt enabled metadata groupId maxBudget budgetPeriod rpm rpd tpm maxParallel spend spendThisPeriod reserved remaining';
const importCosts = 'mutation($input: ImportModelCostsInput!) { importModelCosts(input: $input) { created updated deleted } }';
const listCosts = '{ modelCosts { model inputPerMillion outputPerMillion cachedInputPerMillion maxOutputTokens } }';

export function keysAdminSuite(target: DatabaseTarget): void {
  const test = suite<Context>(`keys, groups and prices over GraphQL (${target.name})`);

  test.before(async (context) => {
    try {
      context.fake = await startOpenAIFakeUpstream();
      context.harness = await startTestGateway({ databaseUrl: await target.freshDatabaseUrl() });
    } catch (error) {
      console.error(error);
      throw error;
    }
  });

  test.after(async ({ harness, fake }) => {
    await harness?.close();
    await fake?.close();
  });

  test('CreateVirtualKeyInput and UpdateVirtualKeyInput take every pinned field', async ({ harness }) => {
    const expiresAt = '2031-01-01T00:00:00.000Z';
    const created = await harness.graphql<{ createVirtualKey: { key: string; virtualKey: Record<string, unknown> } }>(
      `mutation($input: CreateVirtualKeyInput!) { createVirtualKey(input: $input) { key virtualKey { ${keyFields} } } }`,
      {
        input: {
          name: 'full',
          maxBudget: 25.5,
          budgetPeriod: 'WEEKLY',
          rpm: 60,
          rpd: 1000,
          tpm: 90_000,
          maxParallel: 4,
          allowedModels: ['gpt-4o', 'claude-*'],
          expiresAt,
          enabled: true,
          metadata: { team: 'core' },
        },
      },
    );
    const key = created.createVirtualKey.virtualKey;
    assert.equal(
      { ...key, id: undefined },
      {
        id: undefined,
        name: 'full',
        allowedModels: ['gpt-4o', 'claude-*'],
        expiresAt,
        enabled: true,
        metadata: { team: 'core' },
        groupId: null,
        maxBudget: 25.5,
        budgetPeriod: 'WEEKLY',
        rpm: 60,
        rpd: 1000,
        tpm: 90_000,
        maxParallel: 4,
        spend: 0,
        spendThisPeriod: 0,
        reserved: 0,
        remaining: 25.5,
      },
    );
    const updated = await harness.graphql<{ updateVirtualKey: Record<string, unknown> }>(
      `mutation($id: ID!, $input: UpdateVirtualKeyInput!) { updateVirtualKey(id: $id, input: $input) { ${keyFields} } }`,
      {
        id: key.id,
        input: { maxBudget: null, budgetPeriod: 'DAILY', rpm: null, rpd: 5, tpm: null, maxParallel: null, allowedModels: null, expiresAt: null, enabled: false, metadata: { team: 'edge' } },
      },
    );
    assert.equal(
      { ...updated.updateVirtualKey, id: undefined },
      {
        id: undefined,
        name: 'full',
        allowedModels: null,
        expiresAt: null,
        enabled: false,
        metadata: { team: 'edge' },
        groupId: null,
        maxBudget: null,
        budgetPeriod: 'DAILY',
        rpm: null,
        rpd: 5,
        tpm: null,
        maxParallel: null,
        spend: 0,
        spendThisPeriod: 0,
        reserved: 0,
        remaining: null,
      },
    );
  });

  test('invalid key input is refused naming the field, and changes nothing', async ({ harness }) => {
    const create = 'mutation($input: CreateVirtualKeyInput!) { createVirtualKey(input: $input) { key } }';
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: 'k', maxBudget: -1 }, 'input.maxBudget'],
      [{ name: 'k', rpm: 0 }, 'input.rpm'],
      [{ name: 'k', maxParallel: -3 }, 'input.maxParallel'],
      [{ name: 'k', groupId: 'no-such-group' }, 'input.groupId'],
      [{ name: 'k', allowedModels: ['gpt-*-mini'] }, 'input.allowedModels.0'],
    ];
    const before = await harness.graphql<{ virtualKeys: unknown[] }>('{ virtualKeys { id } }');
    for (const [input, field] of cases) {
      const { body } = await harness.graphqlRaw(create, { input });
      assert.is(body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', JSON.stringify(input));
      assert.is(body.errors?.[0]?.extensions?.field, field);
    }
    // Refused by the schema itself, with the path of the field.
    const period = await harness.graphqlRaw(create, { input: { name: 'k', budgetPeriod: 'YEARLY' } });
    assert.match(period.body.errors?.[0]?.message ?? '', /"input\.budgetPeriod".*YEARLY|YEARLY.*"input\.budgetPeriod"/);
    const fraction = await harness.graphqlRaw(create, { input: { name: 'k', tpm: 1.5 } });
    assert.match(fraction.body.errors?.[0]?.message ?? '', /"input\.tpm"/);
    const after = await harness.graphql<{ virtualKeys: unknown[] }>('{ virtualKeys { id } }');
    assert.is(after.virtualKeys.length, before.virtualKeys.length);
  });

  test('permissions and maxRealtimeSessions round-trip; null means every kind and the default; bad values are refused naming the field', async ({ harness }) => {
    const fields = 'id permissions maxRealtimeSessions';
    const created = await harness.graphql<{ createVirtualKey: { virtualKey: { id: string; permissions: string[] | null; maxRealtimeSessions: number | null } } }>(
      `mutation($input: CreateVirtualKeyInput!) { createVirtualKey(input: $input) { virtualKey { ${fields} } } }`,
      { input: { name: 'speaker', permissions: ['AUDIO_SPEECH', 'AUDIO_TRANSCRIPTION', 'AUDIO_SPEECH'], maxRealtimeSessions: 0 } },
    );
    const key = created.createVirtualKey.virtualKey;
    assert.equal(key.permissions, ['AUDIO_SPEECH', 'AUDIO_TRANSCRIPTION'], 'stored once each, in the order given');
    assert.is(key.maxRealtimeSessions, 0);
    const update = `mutation($id: ID!, $input: UpdateVirtualKeyInput!) { updateVirtualKey(id: $id, input: $input) { ${fields} } }`;
    const renamed = await harness.graphql<{ updateVirtualKey: Record<string, unknown> }>(update, { id: key.id, input: { name: 'still a speaker' } });
    assert.equal(renamed.updateVirtualKey, { id: key.id, permissions: ['AUDIO_SPEECH', 'AUDIO_TRANSCRIPTION'], maxRealtimeSessions: 0 }, 'unset fields keep their value');
    const changed = await harness.graphql<{ updateVirtualKey: Record<string, unknown> }>(update, { id: key.id, input: { permissions: ['REALTIME'], maxRealtimeSessions: 3 } });
    assert.equal(changed.updateVirtualKey, { id: key.id, permissions: ['REALTIME'], maxRealtimeSessions: 3 });
    const cleared = await harness.graphql<{ updateVirtualKey: Record<string, unknown> }>(update, { id: key.id, input: { permissions: null, maxRealtimeSessions: null } });
    assert.equal(cleared.updateVirtualKey, { id: key.id, permissions: null, maxRealtimeSessions: null });
    const plain = await harness.createKey({ name: 'plain' });
    assert.equal(await harness.graphql('query($id: ID!) { virtualKey(id: $id) { permissions maxRealtimeSessions } }', { id: plain.id }), {
      virtualKey: { permissions: null, maxRealtimeSessions: null },
    });

    const negative = await harness.graphqlRaw(update, { id: key.id, input: { maxRealtimeSessions: -1 } });
    assert.is(negative.body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
    assert.is(negative.body.errors?.[0]?.extensions?.field, 'input.maxRealtimeSessions');
    const unknown = await harness.graphqlRaw(update, { id: key.id, input: { permissions: ['CHAT', 'TELEPATHY'] } });
    assert.match(unknown.body.errors?.[0]?.message ?? '', /TELEPATHY/);
    assert.match(unknown.body.errors?.[0]?.message ?? '', /input\.permissions/);
    assert.equal(await harness.graphql('query($id: ID!) { virtualKey(id: $id) { permissions maxRealtimeSessions } }', { id: key.id }), {
      virtualKey: { permissions: null, maxRealtimeSessions: null },
    }, 'a refused update changes nothing');

    const audit = await harness.graphql<{ auditLog: { edges: Array<{ node: { mutation: string; entityId: string; fields: Record<string, unknown> } }> } }>(
      '{ auditLog(first: 10, entity: "virtualKey") { edges { node { mutation entityId fields } } } }',
    );
    const audited = audit.auditLog.edges.map((edge) => edge.node).filter((node) => node.entityId === key.id && node.mutation === 'updateVirtualKey');
    assert.ok(
      audited.some((node) => JSON.stringify(node.fields.input ?? node.fields).includes('"REALTIME"') && JSON.stringify(node.fields).includes('3')),
      `the audit log records the permissions set: ${JSON.stringify(audited)}`,
    );
  });

  test('a key without CHAT is refused a chat completion with 403 permission_denied; granting CHAT reaches the key cache at once', async ({ harness, fake }) => {
    const provider = await harness.createOpenAIProvider('permissions', fake);
    await harness.createDeployment({ modelName: 'chat', providerId: provider, providerModel: 'gpt-4o-mini' });
    const key = await harness.createKey({ name: 'no chat' });
    await harness.graphql('mutation($id: ID!) { updateVirtualKey(id: $id, input: { permissions: [EMBEDDINGS, AUDIO_SPEECH] }) { id } }', { id: key.id });
    const chatCalls = () => fake.requests().filter((request) => request.path.startsWith('/v1/chat/completions')).length;
    const calls = chatCalls();
    const refused = await postChat(harness.url, key.key, {});
    assert.is(refused.status, 403);
    assert.is(refused.code, 'permission_denied');
    assert.equal((refused.body as { error: { type: string } }).error.type, 'permission_error');
    assert.match(refused.message, /CHAT/);
    assert.is(chatCalls(), calls, 'nothing reached the provider');

    await harness.graphql('mutation($id: ID!) { updateVirtualKey(id: $id, input: { permissions: [EMBEDDINGS, CHAT] }) { id } }', { id: key.id });
    assert.is((await postChat(harness.url, key.key, {})).status, 200);
    await harness.graphql('mutation($id: ID!) { updateVirtualKey(id: $id, input: { permissions: [] }) { id } }', { id: key.id });
    assert.is((await postChat(harness.url, key.key, {})).code, 'permission_denied', 'an empty list allows nothing');
    await harness.graphql('mutation($id: ID!) { updateVirtualKey(id: $id, input: { permissions: null }) { id } }', { id: key.id });
    assert.is((await postChat(harness.url, key.key, {})).status, 200, 'null allows every kind');
  });

  test('key groups are created, listed with their keys, updated and deleted (their keys stay)', async ({ harness }) => {
    const created = await harness.graphql<{ createKeyGroup: { id: string; name: string; maxBudget: number; budgetPeriod: string; rpm: number | null } }>(
      'mutation { createKeyGroup(input: { name: "platform", maxBudget: 100, budgetPeriod: MONTHLY, tpm: 50000, metadata: { cost_center: 7 } }) { id name maxBudget budgetPeriod rpm } }',
    );
    const groupId = created.createKeyGroup.id;
    assert.equal({ ...created.createKeyGroup, id: undefined }, { id: undefined, name: 'platform', maxBudget: 100, budgetPeriod: 'MONTHLY', rpm: null });
    const key = await harness.createKey({ name: 'member', groupId });
    const read = await harness.graphql<{ keyGroup: { keys: Array<{ name: string }>; budget: { period: string; spend: number; remaining: number } } }>(
      'query($id: ID!) { keyGroup(id: $id) { keys { name } budget { period spend remaining } } }',
      { id: groupId },
    );
    assert.equal(read.keyGroup, { keys: [{ name: 'member' }], budget: { period: 'MONTHLY', spend: 0, remaining: 100 } });
    const viaKey = await harness.graphql<{ virtualKey: { group: { name: string } } }>('query($id: ID!) { virtualKey(id: $id) { group { name } } }', { id: key.id });
    assert.is(viaKey.virtualKey.group.name, 'platform');
    const duplicate = await harness.graphqlRaw('mutation { createKeyGroup(input: { name: "platform" }) { id } }');
    assert.is(duplicate.body.errors?.[0]?.extensions?.field, 'input.name');
    const negative = await harness.graphqlRaw('mutation($id: ID!) { updateKeyGroup(id: $id, input: { maxBudget: -5 }) { id } }', { id: groupId });
    assert.is(negative.body.errors?.[0]?.extensions?.field, 'input.maxBudget');
    const updated = await harness.graphql<{ updateKeyGroup: { maxBudget: number | null; rpm: number } }>(
      'mutation($id: ID!) { updateKeyGroup(id: $id, input: { maxBudget: null, rpm: 30 }) { maxBudget rpm } }',
      { id: groupId },
    );
    assert.equal(updated.updateKeyGroup, { maxBudget: null, rpm: 30 });
    assert.is((await harness.graphql<{ deleteKeyGroup: boolean }>('mutation($id: ID!) { deleteKeyGroup(id: $id) }', { id: groupId })).deleteKeyGroup, true);
    const orphan = await harness.graphql<{ virtualKey: { groupId: string | null } }>('query($id: ID!) { virtualKey(id: $id) { groupId } }', { id: key.id });
    assert.is(orphan.virtualKey.groupId, null);
  });

  test('price tables import and export as JSON and CSV', async ({ harness }) => {
    const json = JSON.stringify([
      { model: 'gpt-4o', inputPerMillion: 2.5, outputPerMillion: 10, cachedInputPerMillion: 1.25, maxOutputTokens: 16384 },
      { model: 'claude-*', inputPerMillion: 3, outputPerMillion: 15 },
    ]);
    assert.equal((await harness.graphql<{ importModelCosts: unknown }>(importCosts, { input: { format: 'JSON', data: json } })).importModelCosts, {
      created: 2,
      updated: 0,
      deleted: 0,
    });
    const csv = 'model,inputPerMillion,outputPerMillion,cachedInputPerMillion\r\ngpt-4o,2,8,\r\n"gpt-4o-mini",0.15,0.6,0.075\r\n';
    assert.equal((await harness.graphql<{ importModelCosts: unknown }>(importCosts, { input: { format: 'CSV', data: csv, mode: 'REPLACE' } })).importModelCosts, {
      created: 1,
      updated: 1,
      deleted: 1,
    });
    const costs = await harness.graphql<{ modelCosts: unknown[] }>(listCosts);
    assert.equal(costs.modelCosts, [
      { model: 'gpt-4o', inputPerMillion: 2, outputPerMillion: 8, cachedInputPerMillion: null, maxOutputTokens: null },
      { model: 'gpt-4o-mini', inputPerMillion: 0.15, outputPerMillion: 0.6, cachedInputPerMillion: 0.075, maxOutputTokens: null },
    ]);

    const exportedCsv = (await harness.graphql<{ exportModelCosts: string }>('{ exportModelCosts(format: CSV) }')).exportModelCosts;
    assert.is(exportedCsv.split('\r\n')[0], 'model,inputPerMillion,outputPerMillion,cachedInputPerMillion,cacheWritePerMillion,cacheWrite1hPerMillion,perImage,audioInputPerMinute,audioOutputPerMinute,speechPerMillionCharacters,audioInputPerMillion,audioOutputPerMillion,cachedAudioInputPerMillion,sessionPerMinute,batchMultiplier,maxOutputTokens');
    assert.is(exportedCsv.split('\r\n')[2], 'gpt-4o-mini,0.15,0.6,0.075,,,,,,,,,,,,');
    const exportedJson = (await harness.graphql<{ exportModelCosts: string }>('{ exportModelCosts(format: JSON) }')).exportModelCosts;
    // A round trip through either format changes nothing.
    for (const [format, data] of [['JSON', exportedJson], ['CSV', exportedCsv]] as const) {
      await harness.graphql(importCosts, { input: { format, data, mode: 'REPLACE' } });
      assert.equal(await harness.graphql(listCosts), costs);
    }
  });

  test('audio prices travel through JSON, CSV and LiteLLM imports and the exports, as far as the gateway charges them', async ({ harness }) => {
    // The prices an endpoint charges are stored and exported; the others are refused by name (JSON, CSV)
    // or left out of a LiteLLM import (an entry billed only by them is skipped, never taken as free).
    const audioPrices = {
      audioInputPerMinute: 0.006,
      audioOutputPerMinute: 0.015,
      speechPerMillionCharacters: 15,
      audioInputPerMillion: 32,
      audioOutputPerMillion: 64,
      cachedAudioInputPerMillion: 0.4,
      sessionPerMinute: 0.05,
    };
    const isCharged = (name: string) => !(unchargedPriceFields as readonly string[]).includes(name);
    const charged = Object.fromEntries(Object.entries(audioPrices).filter(([name]) => isCharged(name)));
    const audioFields = Object.keys(audioPrices).join(' ');
    const listAudio = async () =>
      (await harness.graphql<{ modelCosts: Array<Record<string, unknown>> }>(`{ modelCosts { model inputPerMillion outputPerMillion ${audioFields} } }`)).modelCosts.filter((cost) =>
        String(cost.model).startsWith('audio-'),
      );

    for (const [name, value] of Object.entries(audioPrices)) {
      if (isCharged(name)) continue;
      const refused = await harness.graphqlRaw(importCosts, { input: { format: 'JSON', data: JSON.stringify([{ model: 'audio-x', inputPerMillion: 0, outputPerMillion: 0, [name]: value }]) } });
      assert.is(refused.body.errors?.[0]?.extensions?.field, `input.data.row1.${name}`, `${name} is not charged yet, so it is refused`);
      const viaCsv = await harness.graphqlRaw(importCosts, { input: { format: 'CSV', data: `model,inputPerMillion,outputPerMillion,${name}\naudio-x,0,0,${value}\n` } });
      assert.is(viaCsv.body.errors?.[0]?.extensions?.field, `input.data.row1.${name}`);
    }
    assert.equal(await listAudio(), [], 'a refused import changes nothing');

    const stored = { model: 'audio-all', inputPerMillion: 4, outputPerMillion: 16, ...Object.fromEntries(Object.keys(audioPrices).map((name) => [name, charged[name] ?? null])) };
    await harness.graphql(importCosts, { input: { format: 'JSON', data: JSON.stringify([{ model: 'audio-all', inputPerMillion: 4, outputPerMillion: 16, ...charged }]) } });
    assert.equal(await listAudio(), [stored]);
    const exportedJson = (await harness.graphql<{ exportModelCosts: string }>('{ exportModelCosts(format: JSON) }')).exportModelCosts;
    const exportedRow = (JSON.parse(exportedJson) as Array<Record<string, unknown>>).find((row) => row.model === 'audio-all')!;
    for (const name of Object.keys(audioPrices)) assert.is(exportedRow[name], charged[name] ?? null, `${name} exported`);
    const exportedCsv = (await harness.graphql<{ exportModelCosts: string }>('{ exportModelCosts(format: CSV) }')).exportModelCosts;
    for (const [format, data] of [['JSON', exportedJson], ['CSV', exportedCsv]] as const) {
      await harness.graphql(importCosts, { input: { format, data, mode: 'REPLACE' } });
      assert.equal(await listAudio(), [stored], `a ${format} round trip keeps the audio prices`);
    }

    const litellm = JSON.stringify({
      'audio-whisper': { input_cost_per_second: 0.0001, litellm_provider: 'openai', mode: 'audio_transcription' },
      'audio-tts': { input_cost_per_character: 1.5e-5, litellm_provider: 'openai', mode: 'audio_speech' },
      'audio-realtime': {
        input_cost_per_token: 4e-6,
        output_cost_per_token: 1.6e-5,
        input_cost_per_audio_token: 3.2e-5,
        output_cost_per_audio_token: 6.4e-5,
        cache_read_input_audio_token_cost: 4e-7,
        litellm_provider: 'openai',
        mode: 'realtime',
      },
    });
    const { importModelCosts } = await harness.graphql<{ importModelCosts: { created: number; skipped: number } }>(
      'mutation($data: String!) { importModelCosts(input: { format: LITELLM, data: $data }) { created skipped } }',
      { data: litellm },
    );
    const only = (prices: Record<string, number>) =>
      Object.fromEntries(Object.keys(audioPrices).map((name) => [name, isCharged(name) ? (prices[name] ?? null) : null]));
    const expected = [
      { model: 'audio-realtime', inputPerMillion: 4, outputPerMillion: 16, ...only({ audioInputPerMillion: 32, audioOutputPerMillion: 64, cachedAudioInputPerMillion: 0.4 }) },
      ...(isCharged('speechPerMillionCharacters') ? [{ model: 'audio-tts', inputPerMillion: 0, outputPerMillion: 0, ...only({ speechPerMillionCharacters: 15 }) }] : []),
      ...(isCharged('audioInputPerMinute') ? [{ model: 'audio-whisper', inputPerMillion: 0, outputPerMillion: 0, ...only({ audioInputPerMinute: 0.006 }) }] : []),
    ];
    assert.equal(importModelCosts, { created: expected.length, skipped: 3 - expected.length });
    assert.equal((await listAudio()).filter((cost) => cost.model !== 'audio-all'), expected);
  });

  test('a price table that does not parse is refused naming the row and field, and nothing changes', async ({ harness }) => {
    const before = await harness.graphql(listCosts);
    const cases: Array<[string, string, string]> = [
      ['CSV', 'model,inputPerMillion,outputPerMillion\nok-model,1,1\nbad-model,abc,1\n', 'input.data.row2.inputPerMillion'],
      ['CSV', 'model,inputPerMillion,outputPerMillion\nm,-1,1\n', 'input.data.row1.inputPerMillion'],
      ['CSV', 'model,inputPerMillion,outputPerMillion\nm,1,2,3\n', 'input.data.row1'],
      ['CSV', 'model,price\nm,1\n', 'input.data.column.price'],
      ['CSV', 'model,inputPerMillion,outputPerMillion\n"m,1,1\n', 'input.data.line2'],
      ['CSV', 'model,inputPerMillion,outputPerMillion\nm,1,1\nm,2,2\n', 'input.data.row2.model'],
      ['CSV', 'model,inputPerMillion\nfree-output,1\n', 'input.data'],
      ['JSON', '[{"model":"a","inputPerMillion":1,"outputPerMillion":1},{"model":"","inputPerMillion":1,"outputPerMillion":1}]', 'input.data.row2.model'],
      ['JSON', '[{"model":"a","inputPerMillion":1}]', 'input.data.row1.outputPerMillion'],
      ['JSON', '[{"model":"a","inputPerMillion":1,"outputPerMillion":"cheap"}]', 'input.data.row1.outputPerMillion'],
      ['JSON', '{"model":"a"}', 'input.data'],
      ['JSON', '[{"model":"a","bogus":1}]', 'input.data.row1.bogus'],
    ];
    for (const [format, data, field] of cases) {
      const { body } = await harness.graphqlRaw(importCosts, { input: { format, data, mode: 'REPLACE' } });
      assert.is(body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', data);
      assert.is(body.errors?.[0]?.extensions?.field, field, data);
    }
    assert.equal(await harness.graphql(listCosts), before);
  });

  test('a model without a price is served to a key without a budget, logged at zero cost, and listed as unpriced', async ({ harness, fake }) => {
    const provider = await harness.createOpenAIProvider('fake', fake);
    await harness.createDeployment({ modelName: 'mystery', providerId: provider, providerModel: 'mystery-v1' });
    await harness.createDeployment({ modelName: 'idle', providerId: provider, providerModel: 'idle-v1' });
    const { key, id } = await harness.createKey({ name: 'unpriced user' });
    const reply = await postChat(harness.url, key, { model: 'mystery' });
    assert.is(reply.status, 200);
    const unpriced = await harness.graphql<{ unpricedModels: Array<{ model: string; providerModel: string; requests: number; lastSeenAt: string | null }> }>(
      '{ unpricedModels { model providerModel requests lastSeenAt } }',
    );
    assert.equal(
      unpriced.unpricedModels.map((entry) => [entry.model, entry.providerModel, entry.requests, entry.lastSeenAt !== null]),
      [
        ['idle', 'idle-v1', 0, false],
        ['mystery', 'mystery-v1', 1, true],
      ],
    );
    const logs = await harness.graphql<{ requestLogs: { edges: Array<{ node: { cost: number; unpriced: boolean } }> } }>(
      'query($id: ID) { requestLogs(first: 1, virtualKeyId: $id) { edges { node { cost unpriced } } } }',
      { id },
    );
    assert.equal(logs.requestLogs.edges[0]!.node, { cost: 0, unpriced: true });
  });

  test('gateway-wide limit settings are read and updated', async ({ harness }) => {
    assert.equal((await harness.graphql<{ limitSettings: unknown }>('{ limitSettings { defaultMaxOutputTokens } }')).limitSettings, { defaultMaxOutputTokens: 4096 });
    const updated = await harness.graphql<{ updateLimitSettings: unknown }>('mutation { updateLimitSettings(input: { defaultMaxOutputTokens: 1024 }) { defaultMaxOutputTokens } }');
    assert.equal(updated.updateLimitSettings, { defaultMaxOutputTokens: 1024 });
    const bad = await harness.graphqlRaw('mutation { updateLimitSettings(input: { defaultMaxOutputTokens: 0 }) { defaultMaxOutputTokens } }');
    assert.is(bad.body.errors?.[0]?.extensions?.field, 'input.defaultMaxOutputTokens');
  });

  test.run();
}
