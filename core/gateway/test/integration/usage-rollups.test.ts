/**
 * The hourly rollups kept by the request-log writer equal the raw log exactly, on SQLite and MariaDB:
 * after concurrent appends and flushes over many hours, and after a batch that failed half-way
 * through its transaction (raw rows and rollups roll back together, then are written once). Every
 * rollup row, histogram and bucket included, equals its group of raw rows summed here in the test
 * (SQLite folds every table in SQL, beside the writer, MariaDB every table from sums in the batch's
 * transaction). The retention purge deletes old raw rows in batches and leaves the rollups. SQLite's
 * writer does not wait for the folds: with the rollup file locked elsewhere it keeps writing, while
 * analytics and the purge count the rows waiting; two writers on one file count every row once.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConnectionError, QueryTypes, type Transaction } from 'sequelize';
import { makeTempDir } from '../../../../test/support/make-temp-dir.ts';
import sqlite3 from 'sqlite3';
import { openDatabase, rollupFileOf, type Database } from '../../src/infrastructure/database/open-database.ts';
import { RequestLogWriter } from '../../src/infrastructure/database/request-log-writer.ts';
import type { RequestLogRow } from '../../src/ports/request-log-sink.ts';
import { UsageRollupWriter } from '../../src/infrastructure/database/usage-rollup-writer.ts';
import type { RollupSourceRow } from '../../src/infrastructure/database/usage-rollup-tables.ts';
import { latencyBucketBoundsMs } from '../../src/domain/latency-histogram.ts';
import { RequestLogPurger } from '../../src/infrastructure/database/request-log-purger.ts';
import { UsageAnalyticsService } from '../../src/services/usage-analytics-service.ts';
import { sqlLiteral } from '../../src/infrastructure/database/insert-rows.ts';
import { mariaDbTarget, sqliteTarget, type DatabaseTarget } from '../support/database-targets.ts';

const silent = { error() {}, warn() {}, info() {}, debug() {}, isLevelEnabled: () => false } as never;
const models = ['gpt-4o', 'gpt-4o-mini', 'claude', "it's quoted"];
const endpoints = ['chat/completions', 'chat/completions', 'chat/completions', 'embeddings', 'audio/transcriptions', 'audio/translations', 'audio/speech'];
const hourMs = 3_600_000;
const base = Date.UTC(2026, 10, 1, 0, 0, 0);

function row(index: number, random: () => number): RequestLogRow {
  const status = random() < 0.1 ? 500 : random() < 0.1 ? 429 : 200;
  const promptTokens = Math.floor(random() * 1000);
  const endpoint = endpoints[Math.floor(random() * endpoints.length)]!;
  // Audio lengths in eighths of a second: exact in binary, so sums do not depend on their order.
  const audioSeconds = endpoint.startsWith('audio/') ? Math.floor(random() * 4800) / 8 : null;
  const characters = endpoint === 'audio/speech' ? Math.floor(random() * 4096) : null;
  return {
    requestId: `req_${index}`,
    virtualKeyId: random() < 0.2 ? null : `key-${Math.floor(random() * 5)}`,
    endpoint,
    model: models[Math.floor(random() * models.length)]!,
    providerId: `provider-${Math.floor(random() * 2)}`,
    providerModel: null,
    deploymentId: `deployment-${Math.floor(random() * 3)}`,
    stream: false,
    status,
    errorCode: null,
    errorMessage: null,
    promptTokens,
    completionTokens: status === 200 ? Math.floor(random() * 500) : null,
    cachedTokens: Math.floor(promptTokens / 4),
    totalTokens: promptTokens,
    audioSeconds,
    characters,
    usageEstimated: false,
    costNanos: status === 200 ? Math.round(random() * 1e6) : 0,
    unpriced: false,
    latencyMs: Math.floor(random() * 5000),
    firstByteMs: null,
    attempts: 1,
    clientIp: '127.0.0.1',
    // Spread over 72 hours, in no particular order.
    createdAt: new Date(base + Math.floor(random() * 72 * hourMs)),
  };
}

function seeded(seed: number): () => number {
  // mulberry32: a small seeded generator with a long period.
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

async function rawTotals(database: Database, by = ''): Promise<Array<Record<string, number | string>>> {
  const group = by ? `${by} AS dimension, ` : '';
  const rows = await database.sequelize.query<Record<string, number | string>>(
    `SELECT ${group}COUNT(*) AS requests, SUM(CASE WHEN status >= 400 THEN 1 ELSE 0 END) AS errors, SUM(COALESCE(prompt_tokens, 0)) AS prompt_tokens,
       SUM(COALESCE(completion_tokens, 0)) AS completion_tokens, SUM(COALESCE(cached_tokens, 0)) AS cached_tokens, SUM(cost_nanos) AS cost, SUM(latency_ms) AS latency,
       SUM(COALESCE(audio_seconds, 0)) AS audio_seconds, SUM(COALESCE(characters, 0)) AS characters
     FROM request_logs ${by ? `GROUP BY ${by} ORDER BY ${by}` : ''}`,
    { type: QueryTypes.SELECT },
  );
  return rows.map((entry) => Object.fromEntries(Object.entries(entry).map(([name, value]) => [name, typeof value === 'string' && name !== 'dimension' ? Number(value) : value])));
}

async function rollupTotals(database: Database, by = '', table = 'usage_rollups'): Promise<Array<Record<string, number | string>>> {
  const group = by ? `${by} AS dimension, ` : '';
  const rows = await database.sequelize.query<Record<string, number | string>>(
    `SELECT ${group}SUM(requests) AS requests, SUM(errors) AS errors, SUM(prompt_tokens) AS prompt_tokens, SUM(completion_tokens) AS completion_tokens,
       SUM(cached_tokens) AS cached_tokens, SUM(cost) AS cost, SUM(latency_ms_sum) AS latency, SUM(audio_seconds) AS audio_seconds, SUM(characters) AS characters
     FROM ${table} ${by ? `GROUP BY ${by} ORDER BY ${by}` : ''}`,
    { type: QueryTypes.SELECT },
  );
  return rows.map((entry) => Object.fromEntries(Object.entries(entry).map(([name, value]) => [name, typeof value === 'string' && name !== 'dimension' ? Number(value) : value])));
}

function assertSameTotals(raw: Array<Record<string, number | string>>, rolled: Array<Record<string, number | string>>): void {
  assert.is(rolled.length, raw.length);
  raw.forEach((expected, index) => {
    const actual = rolled[index]!;
    for (const [name, value] of Object.entries(expected)) {
      if (name === 'cost') assert.is(Number(actual[name]), Number(value), `${name}: ${actual[name]} vs ${value}`);
      else assert.is(actual[name], value, `${name} of ${JSON.stringify(expected)}`);
    }
  });
}

async function withDatabase(target: DatabaseTarget, run: (database: Database) => Promise<void>): Promise<void> {
  const database = await openDatabase({ databaseUrl: await target.freshDatabaseUrl(), dataDir: makeTempDir(`rollups-${target.name}`) });
  try {
    await run(database);
  } finally {
    await database.close();
  }
}

async function concurrentLoad(target: DatabaseTarget): Promise<void> {
  await withDatabase(target, async (database) => {
    const writer = new RequestLogWriter({ sequelize: database.sequelize, models: database.models, logger: silent, flushIntervalMs: 5, batchSize: 97, rollups: new UsageRollupWriter(database.sequelize) });
    const random = seeded(7);
    // Eight producers appending while the writer flushes on its timer and on full batches.
    await Promise.all(
      Array.from({ length: 8 }, async (_, producer) => {
        for (let index = 0; index < 500; index++) {
          writer.append(row(producer * 1000 + index, random));
          if (index % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
        }
      }),
    );
    await writer.close();
    const raw = await rawTotals(database);
    assert.is(raw[0]!.requests, 4000);
    assertSameTotals(raw, await rollupTotals(database));
    assertSameTotals(await rawTotals(database, 'model'), await rollupTotals(database, 'model'));
    assertSameTotals(raw, await rollupTotals(database, '', 'usage_rollups_model'));
    assertSameTotals(await rawTotals(database, 'model'), await rollupTotals(database, 'model', 'usage_rollups_model'));
    assertSameTotals(await rawTotals(database, "COALESCE(virtual_key_id, '')"), await rollupTotals(database, 'virtual_key_id'));
    assertSameTotals(await rawTotals(database, 'endpoint'), await rollupTotals(database, 'endpoint'));
    assertSameTotals(await rawTotals(database, 'endpoint'), await rollupTotals(database, 'endpoint', 'usage_rollups_model'));
    assert.ok(Number(raw[0]!.audio_seconds) > 0 && Number(raw[0]!.characters) > 0, 'the load has audio rows');

    const usage = new UsageAnalyticsService(database.sequelize);
    const totals = await usage.totals({ from: new Date(base), to: new Date(base + 73 * hourMs) });
    assert.is(totals.requests, 4000);
    assert.is(totals.promptTokens, raw[0]!.prompt_tokens);
    assert.is(totals.audioSeconds, Number(raw[0]!.audio_seconds));
    assert.is(totals.characters, Number(raw[0]!.characters));
    const byEndpoint = await usage.usage({ from: new Date(base), to: new Date(base + 73 * hourMs), groupBy: ['ENDPOINT'] });
    const rawByEndpoint = new Map((await rawTotals(database, 'endpoint')).map((entry) => [entry.dimension, entry]));
    for (const entry of byEndpoint) {
      const expected = rawByEndpoint.get(entry.endpoint!)!;
      assert.equal([entry.endpoint, entry.audioSeconds, entry.characters], [entry.endpoint, Number(expected.audio_seconds), Number(expected.characters)]);
      if (!entry.endpoint!.startsWith('audio/')) assert.equal([entry.audioSeconds, entry.characters], [0, 0], `${entry.endpoint} has no audio`);
    }
    assert.ok(byEndpoint.find((entry) => entry.endpoint === 'audio/speech')!.characters > 0);
    // By key over a range that starts and ends mid-day (whole days from usage_rollups_key_day, the
    // hours around them from usage_rollups), with and without days, against the raw rows of its hours.
    const literal = sqlLiteral(database.dialect);
    const rawByKey = await database.sequelize.query<Record<string, unknown>>(
      `SELECT COALESCE(virtual_key_id, '') AS dimension, COUNT(*) AS requests, SUM(COALESCE(prompt_tokens, 0)) AS prompt_tokens, SUM(cost_nanos) AS cost FROM request_logs
         WHERE created_at >= ${literal(new Date(base + 5 * hourMs))} AND created_at < ${literal(new Date(base + 62 * hourMs))} GROUP BY COALESCE(virtual_key_id, '') ORDER BY 1`,
      { type: QueryTypes.SELECT },
    );
    const expectedByKey = rawByKey.map((entry) => [entry.dimension === '' ? null : entry.dimension, Number(entry.requests), Number(entry.prompt_tokens), Number(entry.cost) / 1e9]);
    const midDay = { from: new Date(base + 5.5 * hourMs), to: new Date(base + 61.2 * hourMs) };
    const keyUsage = await usage.usage({ ...midDay, groupBy: ['VIRTUAL_KEY'] });
    assert.equal(keyUsage.map((entry) => [entry.virtualKeyId, entry.requests, entry.promptTokens, entry.cost]), expectedByKey);
    const keyDays = await usage.usage({ ...midDay, bucket: 'DAY', groupBy: ['VIRTUAL_KEY'] });
    assert.equal([...new Set(keyDays.map((entry) => entry.bucketStart!.toISOString()))], [0, 1, 2].map((day) => new Date(base + day * 24 * hourMs).toISOString()));
    assert.is(keyDays.reduce((sum, entry) => sum + entry.requests, 0), expectedByKey.reduce((sum, entry) => sum + Number(entry[1]), 0));
    const keyTotals = await usage.totals({ ...midDay, filter: { virtualKeyIds: ['key-1', 'key-2'] } });
    assert.is(keyTotals.requests, expectedByKey.filter((entry) => entry[0] === 'key-1' || entry[0] === 'key-2').reduce((sum, entry) => sum + Number(entry[1]), 0));
    const byDay = await usage.usage({ from: new Date(base), to: new Date(base + 73 * hourMs), bucket: 'DAY', groupBy: ['MODEL'] });
    assert.is(byDay.reduce((sum, entry) => sum + entry.requests, 0), 4000);
    assert.equal([...new Set(byDay.map((entry) => entry.bucketStart!.toISOString()))], [0, 1, 2].map((day) => new Date(base + day * 24 * hourMs).toISOString()));
    assert.ok(byDay.every((entry) => entry.latencyMsP95 !== null && entry.latencyMsP95 <= 5000));
  });
}

async function crashMidBatch(target: DatabaseTarget): Promise<void> {
  await withDatabase(target, async (database) => {
    const rollups = new UsageRollupWriter(database.sequelize);
    let failNext = true;
    // The rollup upsert runs, then the batch fails before commit: as if the process died there.
    const failing = {
      settle: () => rollups.settle(),
      async add(rows: readonly RollupSourceRow[], transaction: Transaction) {
        await rollups.add(rows, transaction);
        if (failNext) {
          failNext = false;
          throw new Error('simulated crash after the rollup upsert');
        }
      },
    } as unknown as UsageRollupWriter;
    const writer = new RequestLogWriter({ sequelize: database.sequelize, models: database.models, logger: silent, flushIntervalMs: 60_000, rollups: failing });
    const random = seeded(11);
    for (let index = 0; index < 300; index++) writer.append(row(index, random));
    await writer.flush();
    // The failed transaction wrote neither rows nor rollups; the writer then writes the batch again
    // (in halves, as it does for a batch the database refused): every row once, each with its rollup.
    assert.is((await rawTotals(database))[0]!.requests, 300, 'every row written once');
    await rollups.settle();
    assertSameTotals(await rawTotals(database), await rollupTotals(database));
    assert.not.ok(failNext, 'the crash happened');
    await writer.close();
    assert.is((await rawTotals(database))[0]!.requests, 300);
    assertSameTotals(await rawTotals(database), await rollupTotals(database));
    assertSameTotals(await rawTotals(database), await rollupTotals(database, '', 'usage_rollups_model'));
  });
}

const rollupMeasures = ['requests', 'errors', 'prompt_tokens', 'completion_tokens', 'cached_tokens', 'audio_seconds', 'characters', 'cost', 'latency_ms_sum'];
const histogram = latencyBucketBoundsMs.map((_, index) => `lat_${index}`).concat(`lat_${latencyBucketBoundsMs.length}`);

/** The rollup rows of `table` as sorted strings: its dimensions, bucket and every sum. */
async function rollupRows(database: Database, table: string, dimensions: readonly string[]): Promise<string[]> {
  const rows = await database.sequelize.query<Record<string, unknown>>(`SELECT * FROM ${table}`, { type: QueryTypes.SELECT });
  return rows
    .map((entry) => {
      const start = entry.bucket_start;
      // SQLite: the text the analytics queries compare with literals; MariaDB: a DATETIME. Daily tables: none.
      const bucket = start === undefined ? '' : start instanceof Date ? start.toISOString() : String(start);
      return [bucket, String(entry.bucket_day), ...dimensions.map((name) => String(entry[name])), ...[...rollupMeasures, ...histogram].map((name) => Number(entry[name]))].join('|');
    })
    .sort();
}

/**
 * The same, summed here from the raw rows: `groupOf` is each row's key group when it was written;
 * `bucket`: the table's, hours or (usage_rollups_key_day) days.
 */
async function expectedRollupRows(database: Database, dimensions: readonly string[], groupOf: (row: Record<string, unknown>) => string, bucket: 'hour' | 'day' = 'hour'): Promise<string[]> {
  const raw = await database.sequelize.query<Record<string, unknown>>('SELECT * FROM request_logs', { type: QueryTypes.SELECT });
  const sums = new Map<string, number[]>();
  const bucketText = database.dialect === 'sqlite' ? (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 13)}:00:00.000 +00:00` : (iso: string) => `${iso.slice(0, 13)}:00:00.000Z`;
  for (const entry of raw) {
    const created = new Date(entry.created_at as string | Date);
    const iso = new Date(Math.floor(created.getTime() / hourMs) * hourMs).toISOString();
    const status = Number(entry.status);
    const statusClass = status < 200 ? '1xx' : status < 300 ? '2xx' : status < 400 ? '3xx' : status < 500 ? '4xx' : '5xx';
    const values: Record<string, string> = {
      model: String(entry.model ?? ''),
      provider_id: String(entry.provider_id ?? ''),
      deployment_id: String(entry.deployment_id ?? ''),
      virtual_key_id: String(entry.virtual_key_id ?? ''),
      key_group_id: groupOf(entry),
      endpoint: String(entry.endpoint),
      status_class: statusClass,
    };
    const key = [bucket === 'hour' ? bucketText(iso) : '', iso.slice(0, 10), ...dimensions.map((name) => values[name])].join('|');
    const latency = Number(entry.latency_ms);
    let latencyBucket = latencyBucketBoundsMs.findIndex((bound) => latency <= bound);
    if (latencyBucket === -1) latencyBucket = latencyBucketBoundsMs.length;
    const added = [1, status >= 400 ? 1 : 0, entry.prompt_tokens, entry.completion_tokens, entry.cached_tokens, entry.audio_seconds, entry.characters, entry.cost_nanos, latency].map((value) => Number(value ?? 0));
    added.push(...histogram.map((_, index) => (index === latencyBucket ? 1 : 0)));
    const sum = sums.get(key);
    if (sum) added.forEach((value, index) => (sum[index]! += value));
    else sums.set(key, added);
  }
  return [...sums.entries()].map(([key, values]) => `${key}|${values.join('|')}`).sort();
}

async function everyRollupRowExact(target: DatabaseTarget): Promise<void> {
  await withDatabase(target, async (database) => {
    const { KeyGroupRecord, VirtualKeyRecord } = database.models;
    const teamA = await KeyGroupRecord.create({ name: 'team a' });
    const teamB = await KeyGroupRecord.create({ name: 'team b' });
    // key-4 has no row in virtual_keys (deleted since): no group. Null keys: no key, no group.
    for (const [index, groupId] of [teamA.id, teamA.id, teamB.id, null].entries()) {
      await VirtualKeyRecord.create({ id: `key-${index}`, name: `key ${index}`, keyHash: `hash-${index}`, keyPrefix: 'cdt-', groupId });
    }
    const rollups = new UsageRollupWriter(database.sequelize);
    const writer = new RequestLogWriter({ sequelize: database.sequelize, models: database.models, logger: silent, flushIntervalMs: 5, batchSize: 89, rollups });
    const random = seeded(23);
    // Latencies on and either side of the histogram's bounds, and past the last.
    const latencies = [0, 10, 11, 25, 26, 100, 101, 4999, 5000, 5001, 120_000, 120_001, 3_600_000];
    const append = (index: number): void => {
      const entry = row(index, random);
      writer.append(index % 3 === 0 ? { ...entry, latencyMs: latencies[index % latencies.length]! } : entry);
    };
    for (let index = 0; index < 700; index++) append(index);
    await writer.flush();
    await rollups.settle();
    // A key changing group: its rows folded so far stay with the old group, later ones go to the new.
    await VirtualKeyRecord.update({ groupId: teamB.id }, { where: { id: 'key-1' } });
    const [marker] = await database.sequelize.query<{ last: number | string }>('SELECT MAX(id) AS last FROM request_logs', { type: QueryTypes.SELECT });
    const last = Number(marker!.last);
    for (let index = 700; index < 1400; index++) append(index);
    await writer.close();

    const groupAt = (entry: Record<string, unknown>): string => {
      const key = entry.virtual_key_id;
      if (key === 'key-0') return teamA.id;
      if (key === 'key-1') return Number(entry.id) <= last ? teamA.id : teamB.id;
      if (key === 'key-2') return teamB.id;
      return '';
    };
    const full = ['model', 'provider_id', 'deployment_id', 'virtual_key_id', 'key_group_id', 'endpoint', 'status_class'];
    const byModel = ['model', 'provider_id', 'deployment_id', 'endpoint', 'status_class'];
    const expected = await expectedRollupRows(database, full, groupAt);
    assert.ok(expected.length > 500, `${expected.length} groups`);
    assert.ok(expected.some((line) => line.includes(`|key-1|${teamA.id}|`)) && expected.some((line) => line.includes(`|key-1|${teamB.id}|`)));
    assert.equal(await rollupRows(database, 'usage_rollups', full), expected);
    assert.equal(await rollupRows(database, 'usage_rollups_model', byModel), await expectedRollupRows(database, byModel, () => ''));
    const byKey = ['virtual_key_id', 'key_group_id'];
    assert.equal(await rollupRows(database, 'usage_rollups_key_day', byKey), await expectedRollupRows(database, byKey, groupAt, 'day'));
  });
}

/** Every rollup table equals the raw log, row by row (no key has a group). */
async function assertEveryTableExact(database: Database): Promise<void> {
  const full = ['model', 'provider_id', 'deployment_id', 'virtual_key_id', 'key_group_id', 'endpoint', 'status_class'];
  const byModel = ['model', 'provider_id', 'deployment_id', 'endpoint', 'status_class'];
  const byKey = ['virtual_key_id', 'key_group_id'];
  assert.equal(await rollupRows(database, 'usage_rollups', full), await expectedRollupRows(database, full, () => ''));
  assert.equal(await rollupRows(database, 'usage_rollups_model', byModel), await expectedRollupRows(database, byModel, () => ''));
  assert.equal(await rollupRows(database, 'usage_rollups_key_day', byKey), await expectedRollupRows(database, byKey, () => '', 'day'));
}

async function retentionPurge(target: DatabaseTarget): Promise<void> {
  await withDatabase(target, async (database) => {
    const writer = new RequestLogWriter({ sequelize: database.sequelize, models: database.models, logger: silent, flushIntervalMs: 60_000, rollups: new UsageRollupWriter(database.sequelize) });
    const random = seeded(3);
    const now = Date.now();
    for (let index = 0; index < 250; index++) writer.append({ ...row(index, random), createdAt: new Date(now - 40 * 24 * hourMs + index * 1000) });
    for (let index = 250; index < 300; index++) writer.append({ ...row(index, random), createdAt: new Date(now - hourMs) });
    await writer.close();
    const before = await rollupTotals(database);
    const deleted = await new RequestLogPurger(database.sequelize, 40).purgeBefore(new Date(now - 30 * 24 * hourMs));
    assert.is(deleted, 250);
    assert.is((await rawTotals(database))[0]!.requests, 50, 'the recent rows stay');
    assert.equal(await rollupTotals(database), before, 'rollups are kept');
    assert.is(await new RequestLogPurger(database.sequelize, 40).purgeBefore(new Date(now - 30 * 24 * hourMs)), 0);
  });
}

/** Holds the SQLite rollup file's write lock from a connection of its own, as another process's folder would. */
async function holdRollupFile(database: Database): Promise<{ release(): Promise<void> }> {
  const file = rollupFileOf(String((database.sequelize as unknown as { options: { storage: string } }).options.storage));
  const holder = new sqlite3.Database(file);
  const exec = (sql: string) => new Promise<void>((resolve, reject) => holder.exec(sql, (error) => (error ? reject(error) : resolve())));
  await exec('BEGIN IMMEDIATE');
  return {
    async release() {
      await exec('ROLLBACK');
      await new Promise((resolve) => holder.close(resolve));
    },
  };
}

async function foldBesideTheWriter(target: DatabaseTarget): Promise<void> {
  await withDatabase(target, async (database) => {
    const rollups = new UsageRollupWriter(database.sequelize);
    const writer = new RequestLogWriter({ sequelize: database.sequelize, models: database.models, logger: silent, flushIntervalMs: 60_000, batchSize: 50, rollups });
    const random = seeded(31);
    const now = Date.now();
    const recent = (index: number): RequestLogRow => ({ ...row(index, random), createdAt: new Date(now - 2 * hourMs + index * 1000) });
    for (let index = 0; index < 10; index++) writer.append(recent(index));
    await writer.flush();
    await rollups.settle();
    assertSameTotals(await rawTotals(database), await rollupTotals(database));
    // The rollup file's lock held elsewhere: the writer still writes, and its rows wait to be folded.
    const held = await holdRollupFile(database);
    for (let index = 10; index < 250; index++) writer.append(index < 40 ? { ...recent(index), createdAt: new Date(now - 40 * 24 * hourMs) } : recent(index));
    await writer.flush();
    assert.is((await rawTotals(database))[0]!.requests, 250, 'the writer did not wait for the rollups');
    assert.is((await rollupTotals(database))[0]!.requests, 10, 'the rows past the watermark wait');
    assert.ok(rollups.pending);
    const usage = new UsageAnalyticsService(database.sequelize);
    const everything = { from: new Date(now - 41 * 24 * hourMs), to: new Date(now + hourMs) };
    const totals = await usage.totals(everything);
    const raw = (await rawTotals(database))[0]!;
    assert.equal([totals.requests, totals.errors, totals.promptTokens, totals.audioSeconds, totals.characters], [250, raw.errors, raw.prompt_tokens, Number(raw.audio_seconds), Number(raw.characters)], 'analytics count the rows not folded yet');
    const byKey = await usage.usage({ ...everything, groupBy: ['VIRTUAL_KEY'] });
    const rawByKey = await rawTotals(database, "COALESCE(virtual_key_id, '')");
    assert.equal(
      byKey.map((entry) => [entry.virtualKeyId ?? '', entry.requests]),
      rawByKey.map((entry) => [entry.dimension, entry.requests]),
    );
    assert.is(await new RequestLogPurger(database.sequelize, 40).purgeBefore(new Date(now - 30 * 24 * hourMs)), 0, 'rows not folded yet are not purged');
    // Released, the fold (retried) takes them; then the purge may take the old ones.
    await held.release();
    await rollups.settle();
    assertSameTotals(await rawTotals(database), await rollupTotals(database));
    assertSameTotals(await rawTotals(database), await rollupTotals(database, '', 'usage_rollups_model'));
    assert.is(await new RequestLogPurger(database.sequelize, 40).purgeBefore(new Date(now - 30 * 24 * hourMs)), 30);

    // Rows another writer left unfolded (a process that stopped) are folded by the next one.
    const again = await holdRollupFile(database);
    for (let index = 250; index < 400; index++) writer.append(recent(index));
    await writer.flush();
    assert.is((await rollupTotals(database))[0]!.requests, 250);
    await again.release();
    const next = new UsageRollupWriter(database.sequelize);
    await next.settle();
    assert.is((await rollupTotals(database))[0]!.requests, 400, 'every row, the 30 purged ones too');
    assert.is((await rawTotals(database))[0]!.requests, 370);
    await writer.close();
  });
}

/**
 * SQLite: two writers (two processes' databases on one file, each with its folder) take turns in
 * each scenario, some batches failing after their rows were added; every row must be counted once.
 */
async function twoWritersOnOneFile(scenario: (step: (target: 'a' | 'b', rows: number) => Promise<void>, failNextAdd: () => void) => Promise<void>): Promise<void> {
  const dataDir = makeTempDir('rollups-two-writers');
  const first = await openDatabase({ databaseUrl: undefined, dataDir });
  const second = await openDatabase({ databaseUrl: undefined, dataDir });
  try {
    let failNext = false;
    const writer = (database: Database) => {
      const rollups = new UsageRollupWriter(database.sequelize);
      // Fails a batch after its rollups were added, as a database that goes away then would.
      const failing = {
        settle: () => rollups.settle(),
        async add(rows: readonly RollupSourceRow[], transaction: Transaction) {
          await rollups.add(rows, transaction);
          if (!failNext) return;
          failNext = false;
          throw new ConnectionError(new Error('simulated: the database went away'));
        },
      } as unknown as UsageRollupWriter;
      return new RequestLogWriter({ sequelize: database.sequelize, models: database.models, logger: silent, flushIntervalMs: 60_000, batchSize: 50, rollups: failing });
    };
    const writers = { a: writer(first), b: writer(second) };
    const random = seeded(41);
    let index = 0;
    await scenario(async (target, count) => {
      for (const end = index + count; index < end; index++) writers[target].append(row(index, random));
      await writers[target].flush();
    }, () => (failNext = true));
    await writers.a.close();
    await writers.b.close();
    assert.is((await rawTotals(first))[0]!.requests, index);
    await assertEveryTableExact(second);
  } finally {
    await first.close();
    await second.close();
  }
}

const twoWriterScenarios: Record<string, Parameters<typeof twoWritersOnOneFile>[0]> = {
  "another writer's rows between a writer's batches": async (step) => {
    await step('a', 60); // a's first fold is in SQL, as after every start
    await step('b', 60); // so is b's
    await step('a', 60); // a full batch: left unfolded, its sums kept
    await step('b', 10); // b folds in SQL (its sums do not cover a's rows)
    await step('b', 60); // b leaves a full batch unfolded
    await step('a', 60); // a's batch does not follow its last one: its sums must be dropped
    await step('a', 10); // a folds; the watermark is where a's kept sums would start
  },
  "another writer folded a writer's unfolded rows": async (step) => {
    await step('a', 60);
    await step('a', 60); // left unfolded, sums kept
    await step('b', 0); // b's first flush folds whatever waits, a's rows too
    await step('a', 10); // a's rows follow its own, but the watermark moved past its kept sums
  },
  "another writer's rows after a writer's last batch": async (step) => {
    await step('a', 60);
    await step('b', 60);
    await step('a', 10); // a folds in SQL and knows where the watermark is again
    await step('a', 60); // left unfolded, sums kept
    await step('b', 60); // b leaves a full batch unfolded, after a's
    await step('a', 0); // a's idle fold: its sums are not every row past the watermark
  },
  'a batch whose transaction failed after its rollups were added': async (step, failNextAdd) => {
    await step('a', 60);
    await step('b', 10);
    await step('a', 10); // a folds in SQL and knows where the watermark is again
    failNextAdd();
    await step('a', 60); // added to a's sums, then rolled back; the rows wait for the next flush
    await step('b', 60); // b writes as many rows, where a's rolled-back ones were
    await step('a', 0); // a writes its rows again, after b's: their ids follow the rolled-back ones
    await step('a', 10);
  },
};
test('SQLite: rollups equal the raw log after concurrent appends over 72 hours', () => concurrentLoad(sqliteTarget));
test('SQLite: a batch that fails after its rollup upsert is rolled back whole and written again once, rows and rollups equal', () => crashMidBatch(sqliteTarget));
test('SQLite: the retention purge deletes old raw rows in batches and keeps the rollups', () => retentionPurge(sqliteTarget));
test('SQLite: every rollup row, bucket and histogram equals its group of raw rows, key groups as when written', () => everyRollupRowExact(sqliteTarget));
test('SQLite: the writer does not wait for the rollups: while the rollup file is locked elsewhere it writes, analytics and the purge count the rows waiting, and the fold takes them after', () => foldBesideTheWriter(sqliteTarget));
for (const [name, scenario] of Object.entries(twoWriterScenarios)) test(`SQLite, two writers on one file, ${name}: every row counted once`, () => twoWritersOnOneFile(scenario));

test('MariaDB: the same four', async () => {
  const mariadb = await mariaDbTarget();
  if (!mariadb) return;
  try {
    await concurrentLoad(mariadb);
    await crashMidBatch(mariadb);
    await retentionPurge(mariadb);
    await everyRollupRowExact(mariadb);
  } finally {
    await mariadb.stop();
  }
});

test.run();
