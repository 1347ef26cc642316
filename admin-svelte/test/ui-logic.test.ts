/** The UI's pure logic: forms from plugin schemas, fallback loops, key filters, figures, streams, the GraphQL client. */
import { dayRange, errorRate, startOfUtcDay, usageRange } from '../src/lib/usage/usage-range.ts';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { collectValues, initialValues, providerSecretFields, schemaFields, SchemaValueError } from '../src/lib/forms/schema-fields.ts';
import { fallbackLoops, parseModelList } from '../src/lib/models/fallback-loops.ts';
import { groupByModel } from '../src/lib/models/group-by-model.ts';
import { budgetShare, filterKeys, isoToLocalInput, localInputToIso, paginate } from '../src/lib/keys/key-filters.ts';
import { parseMetadata } from '../src/lib/keys/limit-values.ts';
import { summarizeRequests, topSpenders } from '../src/lib/dashboard/summarize-requests.ts';
import { chatCost, parseSseChunk, priceFor } from '../src/lib/playground/chat-stream.ts';
import { GraphQLClient } from '../src/lib/graphql/graphql-client.ts';
import { GraphQLRequestError } from '../src/lib/graphql/graphql-request-error.ts';
import { Me } from '../src/lib/graphql/operations/session-operations.ts';
import { CreatePrice } from '../src/lib/graphql/operations/price-operations.ts';
import { describeWebhookTest, withArrived } from '../src/lib/notifications/notification-feed.ts';
import { audioPriceSummary } from '../src/lib/audio/audio-price-summary.ts';
import { describePermissions, permissionsInput } from '../src/lib/keys/key-permissions.ts';
import { audioCostByDay, audioTotals, audioTotalsByGroup, megabytes, shortList } from '../src/lib/audio/audio-usage.ts';
import { percent } from '../src/lib/format.ts';

const bedrockCredentials = {
  type: 'object',
  properties: {
    accessKeyId: { type: 'string', title: 'AWS access key id' },
    secretAccessKey: { type: 'string', title: 'AWS secret access key', writeOnly: true },
    apiKey: { type: 'string', title: 'Bedrock API key', writeOnly: true },
  },
};
const options = {
  type: 'object',
  properties: {
    region: { type: 'string', title: 'AWS region', default: 'us-east-1' },
    streamUsage: { type: 'boolean', title: 'Ask for usage in streams' },
    retries: { type: 'integer', title: 'Retries' },
    headers: { type: 'object', title: 'Extra headers' },
    mode: { type: 'string', enum: ['a', 'b'] },
  },
  required: ['region'],
};

test('schemaFields draws each property with its kind, label, default and requiredness', () => {
  const fields = schemaFields(options);
  assert.equal(fields.map((field) => [field.name, field.kind, field.label, field.required]), [
    ['region', 'string', 'AWS region', true],
    ['streamUsage', 'boolean', 'Ask for usage in streams', false],
    ['retries', 'integer', 'Retries', false],
    ['headers', 'json', 'Extra headers', false],
    ['mode', 'enum', 'mode', false],
  ]);
  assert.is(fields[0]!.defaultValue, 'us-east-1');
  assert.equal(fields[4]!.options, ['a', 'b']);
  assert.equal(schemaFields(null), []);
  assert.equal(schemaFields({ type: 'object' }), []);
});

test('provider secrets: every credential is write-only, and the API key comes first unless declared', () => {
  assert.equal(providerSecretFields(undefined).map((field) => [field.name, field.secret]), [['apiKey', true]]);
  const bedrock = providerSecretFields(bedrockCredentials);
  assert.equal(bedrock.map((field) => [field.name, field.label, field.secret]), [
    ['accessKeyId', 'AWS access key id', true],
    ['secretAccessKey', 'AWS secret access key', true],
    ['apiKey', 'Bedrock API key', true],
  ]);
});

test('initialValues shows stored options but never secrets', () => {
  const fields = schemaFields(options);
  assert.equal(initialValues(fields, { region: 'eu-west-1', headers: { a: '1' }, retries: 2 }), {
    region: 'eu-west-1',
    streamUsage: false,
    retries: '2',
    headers: '{\n  "a": "1"\n}',
    mode: '',
  });
  assert.equal(initialValues(providerSecretFields(bedrockCredentials), { accessKeyId: 'AKIA', secretAccessKey: 'shh' }), { accessKeyId: '', secretAccessKey: '', apiKey: '' });
});

test('collectValues parses numbers and JSON, leaves empty fields out, keeps booleans that were turned on', () => {
  const fields = schemaFields(options);
  assert.equal(collectValues(fields, { region: ' eu-west-1 ', streamUsage: true, retries: '3', headers: '{"x-a":"1"}', mode: '' }), {
    region: 'eu-west-1',
    streamUsage: true,
    retries: 3,
    headers: { 'x-a': '1' },
  });
  assert.equal(collectValues(fields, { region: '', streamUsage: false, retries: '', headers: '', mode: '' }), {});
});

test('collectValues names the field whose text does not parse', () => {
  const fields = schemaFields(options);
  for (const [values, field, message] of [
    [{ retries: '1.5' }, 'retries', /not a whole number/],
    [{ retries: 'many' }, 'retries', /not a whole number/],
    [{ headers: '{nope' }, 'headers', /not valid JSON/],
  ] as const) {
    try {
      collectValues(fields, values);
      assert.unreachable('should have thrown');
    } catch (error) {
      assert.instance(error, SchemaValueError);
      assert.is((error as SchemaValueError).field, field);
      assert.match((error as Error).message, message);
    }
  }
});

test('fallbackLoops flags rules that come back to a model already tried', () => {
  const loops = fallbackLoops([
    { modelName: 'a', fallbacks: ['b'] },
    { modelName: 'b', fallbacks: ['c'] },
    { modelName: 'c', fallbacks: ['a'] },
    { modelName: 'x', fallbacks: ['y', 'z'] },
    { modelName: 'y', fallbacks: ['z'] },
  ]);
  assert.is(loops.get('a'), 'a');
  assert.is(loops.get('b'), 'b');
  assert.is(loops.get('x'), 'z', 'z reached twice (directly and through y) is flagged');
  assert.is(loops.get('y'), undefined);
  assert.equal(parseModelList(' a, b ,,c\nd '), ['a', 'b', 'c', 'd']);
});

test('groupByModel sorts names and, within one, by priority then weight', () => {
  const groups = groupByModel([
    { modelName: 'b', priority: 1, weight: 1, id: '1' },
    { modelName: 'a', priority: 1, weight: 1, id: '2' },
    { modelName: 'b', priority: 0, weight: 1, id: '3' },
    { modelName: 'b', priority: 1, weight: 5, id: '4' },
  ]);
  assert.equal(groups.map((group) => [group.modelName, group.deployments.map((entry) => entry.id)]), [['a', ['2']], ['b', ['3', '4', '1']]]);
});

test('filterKeys searches name and prefix, and filters by status and group', () => {
  const now = Date.parse('2026-06-01T00:00:00Z');
  const keys = [
    { name: 'Search team', keyPrefix: 'ck-abc', enabled: true, groupId: 'g1', expiresAt: null },
    { name: 'Old', keyPrefix: 'ck-def', enabled: true, groupId: null, expiresAt: '2026-01-01T00:00:00Z' },
    { name: 'Off', keyPrefix: 'ck-ghi', enabled: false, groupId: 'g1', expiresAt: null },
  ];
  const names = (filter: Parameters<typeof filterKeys>[1]) => filterKeys(keys, filter, now).map((key) => key.name);
  assert.equal(names({ search: 'search', status: 'all', groupId: '' }), ['Search team']);
  assert.equal(names({ search: 'CK-DEF', status: 'all', groupId: '' }), ['Old']);
  assert.equal(names({ search: '', status: 'enabled', groupId: '' }), ['Search team']);
  assert.equal(names({ search: '', status: 'disabled', groupId: '' }), ['Off']);
  assert.equal(names({ search: '', status: 'expired', groupId: '' }), ['Old']);
  assert.equal(names({ search: '', status: 'all', groupId: 'g1' }), ['Search team', 'Off']);
});

test('paginate clamps the page; budgetShare caps at 1 and is undefined without a budget', () => {
  const items = Array.from({ length: 53 }, (_, index) => index);
  assert.equal(paginate(items, 3, 25), { items: [50, 51, 52], page: 3, pages: 3 });
  assert.is(paginate(items, 9, 25).page, 3);
  assert.is(paginate(items, 0, 25).page, 1);
  assert.equal(paginate([], 1, 25), { items: [], page: 1, pages: 1 });
  assert.is(budgetShare(2, 8), 0.25);
  assert.is(budgetShare(12, 8), 1);
  assert.is(budgetShare(1, 0), 1);
  assert.is(budgetShare(1, null), undefined);
});

test('expiry goes from local input to UTC and back', () => {
  const iso = localInputToIso('2026-03-04T05:06');
  assert.ok(iso);
  assert.is(isoToLocalInput(iso), '2026-03-04T05:06');
  assert.is(localInputToIso(''), null);
  assert.is(isoToLocalInput(null), '');
});

test('parseMetadata takes a JSON object or nothing', () => {
  assert.equal(parseMetadata(''), {});
  assert.equal(parseMetadata('{"team":"x"}'), { team: 'x' });
  assert.throws(() => parseMetadata('[1]'), /JSON object/);
  assert.throws(() => parseMetadata('{team'), /not valid JSON/);
});

test('summarizeRequests: error rate, nearest-rank p95, cost and tokens', () => {
  const rows = Array.from({ length: 20 }, (_, index) => ({ status: index < 2 ? 500 : 200, latencyMs: (index + 1) * 10, cost: 0.5, totalTokens: 3 }));
  const figures = summarizeRequests(rows);
  assert.is(figures.count, 20);
  assert.is(figures.errors, 2);
  assert.is(figures.errorRate, 0.1);
  assert.is(figures.p95LatencyMs, 190);
  assert.is(figures.cost, 10);
  assert.is(figures.tokens, 60);
  assert.equal(summarizeRequests([]), { count: 0, errors: 0, errorRate: 0, p95LatencyMs: undefined, cost: 0, tokens: 0 });
  assert.equal(topSpenders([{ spendThisPeriod: 1 }, { spendThisPeriod: 0 }, { spendThisPeriod: 3 }]), [{ spendThisPeriod: 3 }, { spendThisPeriod: 1 }]);
});

test('parseSseChunk keeps a partial event for the next read and stops at [DONE]', () => {
  const first = parseSseChunk('data: {"choices":[{"delta":{"content":"Hi"}}]}\n\ndata: {"choi');
  assert.equal(first.events, [{ type: 'text', text: 'Hi' }]);
  assert.is(first.rest, 'data: {"choi');
  const second = parseSseChunk(`${first.rest}ces":[],"usage":{"prompt_tokens":1,"completion_tokens":2}}\n\ndata: [DONE]\n\n`);
  assert.equal(second.events, [{ type: 'usage', usage: { prompt_tokens: 1, completion_tokens: 2 } }]);
  assert.is(second.done, true);
  assert.equal(parseSseChunk('data: {"error":{"message":"upstream died"}}\n\n').events, [{ type: 'error', message: 'upstream died' }]);
  assert.is(parseSseChunk('data: nonsense\n\n').events[0]!.type, 'error');
});

test('priceFor prefers the exact model, else the longest matching prefix; chatCost per million tokens', () => {
  const prices = [
    { model: 'gpt-*', inputPerMillion: 1, outputPerMillion: 2 },
    { model: 'gpt-4o*', inputPerMillion: 3, outputPerMillion: 4 },
    { model: 'gpt-4o', inputPerMillion: 5, outputPerMillion: 6 },
  ];
  assert.is(priceFor('gpt-4o', prices)?.inputPerMillion, 5);
  assert.is(priceFor('gpt-4o-mini', prices)?.inputPerMillion, 3);
  assert.is(priceFor('gpt-3.5', prices)?.inputPerMillion, 1);
  assert.is(priceFor('claude', prices), undefined);
  assert.is(chatCost({ prompt_tokens: 10, completion_tokens: 7 }, { model: 'm', inputPerMillion: 2.5, outputPerMillion: 10 }), 0.000095);
  assert.is(chatCost({ prompt_tokens: 1, completion_tokens: 1 }, undefined), undefined);
});

function fakeFetch(answer: { status: number; body: unknown }, seen: Array<{ url: string; init: RequestInit }>): typeof fetch {
  return async (url, init) => {
    seen.push({ url: String(url), init: init! });
    return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json' } });
  };
}

test('GraphQLClient posts the printed document with the admin key and returns data', async () => {
  const seen: Array<{ url: string; init: RequestInit }> = [];
  const client = new GraphQLClient({ endpoint: '/graphql', credential: () => 'master', fetch: fakeFetch({ status: 200, body: { data: { me: { name: 'master', role: 'ADMIN', tokenId: 'master' } } } }, seen) });
  const data = await client.request(Me);
  assert.is(data.me.role, 'ADMIN');
  assert.is(seen[0]!.url, '/graphql');
  assert.is((seen[0]!.init.headers as Record<string, string>).authorization, 'Bearer master');
  assert.match(JSON.parse(String(seen[0]!.init.body)).query, /me\s*\{\s*name\s+role\s+tokenId\s*\}/);
});

test('GraphQLClient turns errors into GraphQLRequestError with the field, and a 401 into a sign-out', async () => {
  let signedOut = 0;
  const failing = new GraphQLClient({
    endpoint: '/graphql',
    credential: () => 'k',
    onUnauthenticated: () => signedOut++,
    fetch: fakeFetch({ status: 200, body: { data: null, errors: [{ message: 'input.model: a price for this model already exists', extensions: { code: 'BAD_USER_INPUT', field: 'input.model' } }] } }, []),
  });
  const error = await failing.request(CreatePrice, { input: { model: 'm' } }).catch((caught: unknown) => caught);
  assert.instance(error, GraphQLRequestError);
  assert.is((error as GraphQLRequestError).field, 'model');
  assert.is(signedOut, 0);

  const refused = new GraphQLClient({
    endpoint: '/graphql',
    credential: () => 'old',
    onUnauthenticated: () => signedOut++,
    fetch: fakeFetch({ status: 401, body: { errors: [{ message: 'Missing or invalid master key', extensions: { code: 'UNAUTHENTICATED' } }] } }, []),
  });
  await refused.request(Me).catch(() => {});
  assert.is(signedOut, 1);
});

test('GraphQLClient explains an unreachable gateway and a body that is not GraphQL', async () => {
  const down = new GraphQLClient({ endpoint: '/graphql', credential: () => 'k', fetch: async () => { throw new TypeError('fetch failed'); } });
  assert.match(String(await down.request(Me).catch((error: Error) => error)), /cannot be reached \(fetch failed\)/);
  const html = new GraphQLClient({ endpoint: '/graphql', credential: () => 'k', fetch: async () => new Response('<html>', { status: 502 }) });
  assert.match(String(await html.request(Me).catch((error: Error) => error)), /HTTP 502 without a GraphQL body/);
});

test('GraphQLClient without a subscription transport says so through the sink', () => {
  const client = new GraphQLClient({ endpoint: '/graphql', credential: () => 'k' });
  let message = '';
  client.subscribe(Me, {}, { next: () => {}, complete: () => {}, error: (error) => (message = String(error)) });
  assert.match(message, /no subscription transport/);
});

test('usageRange: 24 h by hour, 7 and 30 d by whole UTC days up to now; today starts at UTC midnight', () => {
  const now = new Date('2026-03-10T15:42:00.000Z');
  assert.equal(usageRange('24h', now), { from: '2026-03-09T16:42:00.000Z', to: '2026-03-10T15:42:00.000Z', bucket: 'HOUR' });
  assert.equal(usageRange('7d', now), { from: '2026-03-04T00:00:00.000Z', to: '2026-03-10T15:42:00.000Z', bucket: 'DAY' });
  assert.equal(usageRange('30d', now).from, '2026-02-09T00:00:00.000Z');
  assert.is(startOfUtcDay(now).toISOString(), '2026-03-10T00:00:00.000Z');
});

test('dayRange includes both days and refuses a reversed or missing range', () => {
  assert.equal(dayRange('2026-03-01', '2026-03-03'), { from: '2026-03-01T00:00:00.000Z', to: '2026-03-04T00:00:00.000Z', bucket: 'DAY' });
  assert.equal(dayRange('2026-03-01', '2026-03-01').to, '2026-03-02T00:00:00.000Z');
  assert.throws(() => dayRange('2026-03-05', '2026-03-01'), /before the start/);
  assert.throws(() => dayRange('', '2026-03-01'), /Choose both dates/);
});

test('errorRate of a liveStats interval: errors over requests, 0 without requests', () => {
  assert.is(errorRate({ requestsPerSecond: 4, errorsPerSecond: 1 }), 0.25);
  assert.is(errorRate({ requestsPerSecond: 0, errorsPerSecond: 0 }), 0);
});

test('percent: a share with one decimal; none (a hit rate before the first lookup) is a dash', () => {
  assert.is(percent(0.5), '50.0%');
  assert.is(percent(1 / 3), '33.3%');
  assert.is(percent(0), '0.0%');
  assert.is(percent(null), '—');
  assert.is(percent(undefined), '—');
});

test('withArrived puts a live notification first, once', () => {
  const rows = [{ id: '2', message: 'older' }, { id: '1', message: 'oldest' }];
  const added = withArrived(rows, { id: '3', message: 'new' });
  assert.ok(added.added);
  assert.equal(added.rows.map((row) => row.id), ['3', '2', '1']);
  const again = withArrived(added.rows, { id: '3', message: 'new' });
  assert.not.ok(again.added);
  assert.is(again.rows, added.rows, 'unchanged: already listed (a page loaded after it was created)');
});

test('describeWebhookTest says what the receiver answered, or why nothing came', () => {
  assert.is(describeWebhookTest({ ok: true, statusCode: 204, latencyMs: 12, error: null }), 'Test delivered: the receiver answered HTTP 204 in 12 ms.');
  assert.is(describeWebhookTest({ ok: false, statusCode: 500, latencyMs: 7, error: 'HTTP 500' }), 'Test failed: the receiver answered HTTP 500 in 7 ms.');
  assert.is(
    describeWebhookTest({ ok: false, statusCode: null, latencyMs: 3, error: 'connection refused (ECONNREFUSED)' }),
    'Test failed: connection refused (ECONNREFUSED) (after 3 ms).',
  );
  assert.is(describeWebhookTest({ ok: false, statusCode: null, latencyMs: 300, error: 'timed out after 300 ms' }), 'Test failed: timed out after 300 ms.');
});

test('audio figures: only audio/… endpoints count; minutes from transcriptions and translations, characters from speech; cost per day and group', () => {
  const rows = [
    { bucketStart: '2026-12-01T00:00:00.000Z', endpoint: 'audio/transcriptions', model: 'whisper', requests: 2, audioSeconds: 90, characters: 0, cost: 0.009 },
    { bucketStart: '2026-12-01T00:00:00.000Z', endpoint: 'audio/translations', model: 'whisper', requests: 1, audioSeconds: 30, characters: 0, cost: 0.003 },
    { bucketStart: '2026-12-03T00:00:00.000Z', endpoint: 'audio/speech', model: 'tts', requests: 3, audioSeconds: 12, characters: 1200, cost: 0.018 },
    { bucketStart: '2026-12-03T00:00:00.000Z', endpoint: 'chat/completions', model: 'gpt', requests: 9, audioSeconds: 0, characters: 0, cost: 5 },
    { bucketStart: '2026-12-09T00:00:00.000Z', endpoint: 'audio/speech', model: 'tts', requests: 1, audioSeconds: 1, characters: 10, cost: 1 },
  ];
  const totals = audioTotals(rows);
  assert.is(totals.requests, 7);
  assert.is(totals.minutesTranscribed, 2);
  assert.is(totals.charactersSpoken, 1210);
  assert.ok(Math.abs(totals.cost - 1.03) < 1e-12);
  assert.equal(
    audioTotalsByGroup(rows, (row) => row.model).map((entry) => [entry.group, entry.requests]),
    [['tts', 4], ['whisper', 3]],
  );
  const series = audioCostByDay(rows, (row) => row.model, '2026-12-01T00:00:00.000Z', '2026-12-04T00:00:00.000Z');
  assert.equal(series.labels, ['2026-12-01', '2026-12-02', '2026-12-03']);
  // The row outside the range is left out of the days, not added to another.
  assert.equal(series.series.map((entry) => entry.label), ['tts', 'whisper']);
  assert.equal(series.series[0]!.data, [0, 0, 0.018]);
  assert.ok(Math.abs(series.series[1]!.data[0]! - 0.012) < 1e-12 && series.series[1]!.data[1] === 0);
  assert.is(shortList(null), 'any');
  assert.is(shortList(['a', 'b', 'c'], 2), 'a, b +1 more');
  assert.is(megabytes(26_214_400), '25 MB');
});

test('key permissions: unrestricted is null, ticked kinds in the usual order, none is an empty list; the table describes them', () => {
  assert.is(permissionsInput(true, ['CHAT']), null);
  assert.equal(permissionsInput(false, ['REALTIME', 'CHAT', 'AUDIO_SPEECH']), ['CHAT', 'AUDIO_SPEECH', 'REALTIME']);
  assert.equal(permissionsInput(false, []), []);
  assert.is(describePermissions(null), 'all');
  assert.is(describePermissions([]), 'none');
  assert.is(describePermissions(['CHAT', 'AUDIO_TRANSCRIPTION']), 'Chat completions, Audio transcription');
  assert.equal(permissionsInput(false, ['MODERATIONS', 'CHAT']), ['CHAT', 'MODERATIONS']);
  assert.is(describePermissions(['MODERATIONS']), 'Moderations');
});

test('audio prices in one line for the prices table', () => {
  assert.is(audioPriceSummary({}), '');
  assert.is(audioPriceSummary({ audioInputPerMinute: 0.006 }), '$0.006/min in');
  assert.is(audioPriceSummary({ speechPerMillionCharacters: 15, audioOutputPerMinute: null }), '$15/1M chars');
  assert.is(
    audioPriceSummary({ audioInputPerMillion: 32, cachedAudioInputPerMillion: 0.4, audioOutputPerMillion: 64, sessionPerMinute: 0.05 }),
    'audio tokens $32 in / $0.4 cached / $64 out per 1M · $0.05/session min',
  );
  assert.is(audioPriceSummary({ audioInputPerMinute: 0.1 + 0.2 }), '$0.3/min in', 'no float artefacts');
});

test.run();
