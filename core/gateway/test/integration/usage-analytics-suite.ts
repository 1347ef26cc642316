/**
 * Usage analytics over GraphQL against a real gateway: after requests through the `openai` SDK,
 * usageTotals equals the sum of the request log; usage groups by day, model, key and key group;
 * exportUsage writes the same figures as CSV and JSON; the retention setting is read and set.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startOpenAIFakeUpstream, type OpenAIFakeUpstream } from '../../../../plugins/provider-openai/test/fake-openai-upstream.ts';
import type { DatabaseTarget } from '../support/database-targets.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';

interface Context {
  gateway: TestGateway;
  fake: OpenAIFakeUpstream;
  keys: Array<{ key: string; id: string }>;
  groupId: string;
}

export function usageAnalyticsSuite(target: DatabaseTarget): void {
  const test = suite<Context>(`usage analytics from the rollups (${target.name})`);
  const range = { from: new Date(Date.now() - 2 * 3_600_000).toISOString(), to: new Date(Date.now() + 3_600_000).toISOString() };

  test.before(async (context) => {
    context.fake = await startOpenAIFakeUpstream();
    context.gateway = await startTestGateway({ databaseUrl: await target.freshDatabaseUrl() });
    const { gateway } = context;
    const provider = await gateway.createOpenAIProvider('fake', context.fake);
    await gateway.createDeployment({ modelName: 'chat', providerId: provider, providerModel: 'gpt-4o-mini' });
    await gateway.createDeployment({ modelName: 'other', providerId: provider, providerModel: 'gpt-4o' });
    await gateway.graphql('mutation { createModelCost(input: { model: "chat", inputPerMillion: 1000, outputPerMillion: 2000 }) { id } }');
    const group = await gateway.graphql<{ createKeyGroup: { id: string } }>('mutation { createKeyGroup(input: { name: "team" }) { id } }');
    context.groupId = group.createKeyGroup.id;
    context.keys = [await gateway.createKey({ name: 'one', groupId: context.groupId }), await gateway.createKey({ name: 'two' })];
    const calls = [];
    for (let index = 0; index < 12; index++) {
      const key = context.keys[index % 2]!;
      calls.push(gateway.openai(key.key).chat.completions.create({ model: index % 3 === 0 ? 'other' : 'chat', messages: [{ role: 'user', content: `hello ${index}` }] }));
    }
    await Promise.all(calls);
    await gateway.openai(context.keys[0]!.key).chat.completions.create({ model: 'missing', messages: [{ role: 'user', content: 'x' }] }).catch(() => undefined);
    await gateway.gateway.logWriter.flush();
  });

  test.after(async ({ gateway, fake }) => {
    await gateway.close();
    await fake.close();
  });

  interface Totals {
    requests: number;
    errors: number;
    promptTokens: number;
    completionTokens: number;
    cost: number;
    latencyMsAvg: number;
    latencyMsP95: number;
  }

  test('usageTotals equals the sum of the request log', async ({ gateway }) => {
    const logs = await gateway.graphql<{ requestLogs: { edges: Array<{ node: { status: number; promptTokens: number | null; completionTokens: number | null; cost: number } }> } }>(
      '{ requestLogs(first: 500) { edges { node { status promptTokens completionTokens cost } } } }',
    );
    const rows = logs.requestLogs.edges.map((edge) => edge.node);
    const { usageTotals } = await gateway.graphql<{ usageTotals: Totals }>(
      'query($from: DateTime!, $to: DateTime!) { usageTotals(from: $from, to: $to) { requests errors promptTokens completionTokens cost latencyMsAvg latencyMsP95 } }',
      range,
    );
    assert.is(usageTotals.requests, rows.length);
    assert.is(usageTotals.requests, 13);
    assert.is(usageTotals.errors, rows.filter((row) => row.status >= 400).length);
    assert.is(usageTotals.promptTokens, rows.reduce((sum, row) => sum + (row.promptTokens ?? 0), 0));
    assert.is(usageTotals.completionTokens, rows.reduce((sum, row) => sum + (row.completionTokens ?? 0), 0));
    assert.ok(Math.abs(usageTotals.cost - rows.reduce((sum, row) => sum + row.cost, 0)) < 1e-12);
    assert.ok(usageTotals.cost > 0);
    assert.ok(usageTotals.latencyMsP95 !== null);
  });

  test('usage by DAY and MODEL, and by key group with a filter', async ({ gateway, keys, groupId }) => {
    const { usage } = await gateway.graphql<{ usage: Array<{ bucketStart: string; model: string; virtualKeyId: string | null; requests: number }> }>(
      'query($from: DateTime!, $to: DateTime!) { usage(from: $from, to: $to, bucket: DAY, groupBy: [MODEL]) { bucketStart model virtualKeyId requests } }',
      range,
    );
    const byModel = Object.fromEntries(usage.map((entry) => [entry.model, entry.requests]));
    assert.equal(byModel, { chat: 8, other: 4, missing: 1 });
    assert.ok(usage.every((entry) => entry.bucketStart.endsWith('T00:00:00.000Z') && entry.virtualKeyId === null));

    const grouped = await gateway.graphql<{ usage: Array<{ keyGroupId: string | null; virtualKeyId: string; requests: number }> }>(
      'query($from: DateTime!, $to: DateTime!, $filter: UsageFilter) { usage(from: $from, to: $to, groupBy: [KEY_GROUP, VIRTUAL_KEY], filter: $filter) { keyGroupId virtualKeyId requests } }',
      { ...range, filter: { models: ['chat', 'other'] } },
    );
    const one = grouped.usage.find((entry) => entry.virtualKeyId === keys[0]!.id)!;
    const two = grouped.usage.find((entry) => entry.virtualKeyId === keys[1]!.id)!;
    assert.equal([one.keyGroupId, one.requests], [groupId, 6]);
    assert.equal([two.keyGroupId, two.requests], [null, 6]);
  });

  test('exportUsage writes the same rows as CSV and JSON', async ({ gateway }) => {
    const query =
      'query($from: DateTime!, $to: DateTime!, $format: UsageExportFormat!) { exportUsage(from: $from, to: $to, groupBy: [MODEL, STATUS_CLASS], format: $format) }';
    const csv = (await gateway.graphql<{ exportUsage: string }>(query, { ...range, format: 'CSV' })).exportUsage;
    const lines = csv.trim().split(/\r?\n/);
    assert.is(lines[0], 'model,statusClass,requests,errors,promptTokens,completionTokens,cachedTokens,audioSeconds,characters,cacheHits,cost,latencyMsAvg,latencyMsP95');
    assert.ok(lines.some((line) => line.startsWith('missing,4xx,1,1,0,0,0,0,0,')), csv);
    const json = JSON.parse((await gateway.graphql<{ exportUsage: string }>(query, { ...range, format: 'JSON' })).exportUsage) as Array<{ model: string; requests: number }>;
    assert.is(json.length, lines.length - 1);
    assert.is(json.reduce((sum, entry) => sum + entry.requests, 0), 13);
  });

  test('a range that ends before it starts is refused with the field named', async ({ gateway }) => {
    const { body } = await gateway.graphqlRaw('query($from: DateTime!, $to: DateTime!) { usageTotals(from: $from, to: $to) { requests } }', { from: range.to, to: range.from });
    assert.is(body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
    assert.match(body.errors![0]!.message, /to: must be after from/);
  });

  test('requestLogRetentionDays defaults to 30, is set over GraphQL, and refuses nonsense', async ({ gateway }) => {
    assert.equal(await gateway.graphql('{ requestLogRetentionDays }'), { requestLogRetentionDays: 30 });
    assert.equal(await gateway.graphql('mutation { setRequestLogRetentionDays(days: 7) }'), { setRequestLogRetentionDays: 7 });
    assert.equal(await gateway.graphql('{ requestLogRetentionDays }'), { requestLogRetentionDays: 7 });
    const { body } = await gateway.graphqlRaw('mutation { setRequestLogRetentionDays(days: 0) }');
    assert.is(body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
    assert.equal(await gateway.graphql('mutation { purgeRequestLogs }'), { purgeRequestLogs: 0 }, 'nothing is older than 7 days');
  });

  test('audio rows: requestLogs show audioSeconds and characters; usage and usageTotals sum them per endpoint', async ({ gateway, keys }) => {
    const base = {
      virtualKeyId: keys[1]!.id,
      providerId: null,
      providerModel: null,
      deploymentId: null,
      stream: false,
      status: 200,
      errorCode: null,
      errorMessage: null,
      promptTokens: null,
      completionTokens: null,
      cachedTokens: null,
      totalTokens: null,
      usageEstimated: false,
      unpriced: false,
      latencyMs: 40,
      firstByteMs: null,
      attempts: 1,
      clientIp: '127.0.0.1',
    };
    const before = (await gateway.graphql<{ usageTotals: { audioSeconds: number; characters: number; requests: number } }>(
      'query($from: DateTime!, $to: DateTime!) { usageTotals(from: $from, to: $to) { audioSeconds characters requests } }',
      range,
    )).usageTotals;
    assert.equal([before.audioSeconds, before.characters], [0, 0], 'chat requests carry no audio');
    gateway.gateway.logWriter.append({ ...base, requestId: 'req_audio_1', endpoint: 'audio/transcriptions', model: 'whisper', audioSeconds: 90.5, characters: null, costNanos: 9_050_000, createdAt: new Date() });
    gateway.gateway.logWriter.append({ ...base, requestId: 'req_audio_2', endpoint: 'audio/speech', model: 'voice', audioSeconds: 12.25, characters: 1234, costNanos: 18_510_000, createdAt: new Date() });
    await gateway.gateway.logWriter.flush();

    const logs = await gateway.graphql<{ requestLogs: { edges: Array<{ node: { requestId: string; audioSeconds: number | null; characters: number | null } }> } }>(
      '{ requestLogs(first: 100) { edges { node { requestId audioSeconds characters } } } }',
    );
    const byId = new Map(logs.requestLogs.edges.map((edge) => [edge.node.requestId, edge.node]));
    assert.equal(byId.get('req_audio_1'), { requestId: 'req_audio_1', audioSeconds: 90.5, characters: null });
    assert.equal(byId.get('req_audio_2'), { requestId: 'req_audio_2', audioSeconds: 12.25, characters: 1234 });
    assert.ok(logs.requestLogs.edges.filter((edge) => !edge.node.requestId.startsWith('req_audio')).every((edge) => edge.node.audioSeconds === null && edge.node.characters === null));

    const { usageTotals, usage } = await gateway.graphql<{
      usageTotals: { audioSeconds: number; characters: number; requests: number };
      usage: Array<{ endpoint: string; audioSeconds: number; characters: number; cost: number }>;
    }>(
      'query($from: DateTime!, $to: DateTime!) { usageTotals(from: $from, to: $to) { audioSeconds characters requests } usage(from: $from, to: $to, groupBy: [ENDPOINT]) { endpoint audioSeconds characters cost } }',
      range,
    );
    assert.equal(usageTotals, { audioSeconds: 102.75, characters: 1234, requests: before.requests + 2 });
    const audio = usage.filter((row) => row.endpoint.startsWith('audio/')).sort((a, b) => a.endpoint.localeCompare(b.endpoint));
    assert.equal(audio, [
      { endpoint: 'audio/speech', audioSeconds: 12.25, characters: 1234, cost: 0.01851 },
      { endpoint: 'audio/transcriptions', audioSeconds: 90.5, characters: 0, cost: 0.00905 },
    ]);
    const csv = (await gateway.graphql<{ exportUsage: string }>(
      'query($from: DateTime!, $to: DateTime!) { exportUsage(from: $from, to: $to, groupBy: [ENDPOINT], format: CSV) }',
      range,
    )).exportUsage;
    assert.ok(csv.split(/\r?\n/).some((line) => line.startsWith('audio/speech,1,0,0,0,0,12.25,1234,')), csv);
  });

  test.run();
}
