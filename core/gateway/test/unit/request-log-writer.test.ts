/**
 * The batched request-log writer on SQLite and on a real MariaDB: a row with an overlong field or a
 * value the database refuses costs that row at most, never the rest of its batch, later batches or
 * any spend; and `close()` returns only once everything appended is in the database.
 */
import { Writable } from 'node:stream';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { makeTempDir } from '../../../../test/support/make-temp-dir.ts';
import { openDatabase, type Database } from '../../src/infrastructure/database/open-database.ts';
import { RequestLogWriter } from '../../src/infrastructure/database/request-log-writer.ts';
import type { CountedSpend, RequestLogRow } from '../../src/ports/request-log-sink.ts';
import { SpendRepository } from '../../src/infrastructure/database/spend-repository.ts';
import { createLogger } from '../../src/infrastructure/logging/logger.ts';
import { mariaDbTarget, sqliteTarget, type DatabaseTarget } from '../support/database-targets.ts';

function row(index: number, overrides: Partial<RequestLogRow> = {}): RequestLogRow {
  return {
    requestId: `req_${index}`,
    virtualKeyId: 'key-1',
    endpoint: 'chat/completions',
    model: 'gpt-test',
    providerId: null,
    providerModel: 'gpt-test',
    deploymentId: null,
    stream: false,
    status: 200,
    errorCode: null,
    errorMessage: null,
    promptTokens: 10,
    completionTokens: 5,
    cachedTokens: null,
    totalTokens: 15,
    usageEstimated: false,
    costNanos: 250_000_000,
    unpriced: false,
    latencyMs: 12,
    firstByteMs: null,
    attempts: 1,
    clientIp: '127.0.0.1',
    createdAt: new Date(),
    ...overrides,
  };
}

const settled: Promise<readonly CountedSpend[]> = Promise.resolve([]);
/** Spend of `dollars`, in the nano-dollars the writer counts. */
const spendOf = (dollars: number, counted = settled) => ({ scopes: [{ kind: 'key' as const, id: 'key-1' }], periodKeys: ['lifetime'], amount: Math.round(dollars * 1e9), counted });

interface Harness {
  database: Database;
  writer: RequestLogWriter;
  logs: Array<{ msg: string; requestId?: string; level: number }>;
  stored(): Promise<Array<{ requestId: string; model: string | null; providerModel: string | null; errorMessage: string | null }>>;
  spend(): Promise<number>;
  keySpend(): Promise<number>;
  close(): Promise<void>;
}

async function harness(target: DatabaseTarget, options: { maxQueued?: number } = {}): Promise<Harness> {
  const database = await openDatabase({ databaseUrl: await target.freshDatabaseUrl(), dataDir: makeTempDir(`log-writer-${target.name}`) });
  await database.models.VirtualKeyRecord.create({ id: 'key-1', name: 'key', keyHash: 'hash-1', keyPrefix: 'sk-cdt-1', spend: 0 } as never);
  const logs: Harness['logs'] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) logs.push(JSON.parse(line));
      done();
    },
  });
  const writer = new RequestLogWriter({ sequelize: database.sequelize, models: database.models, logger: createLogger('info', sink), flushIntervalMs: 60_000, ...options });
  return {
    database,
    writer,
    logs,
    stored: async () =>
      (await database.models.RequestLogRecord.findAll({ order: [['id', 'ASC']] })).map(({ requestId, model, providerModel, errorMessage }) => ({ requestId, model, providerModel, errorMessage })),
    spend: async () => (await new SpendRepository(database.models, database.sequelize).read('key', 'key-1', 'lifetime')).spendNanos / 1e9,
    keySpend: async () => (await database.models.VirtualKeyRecord.findByPk('key-1'))!.spendNanos / 1e9,
    close: async () => {
      await writer.close();
      await database.close();
    },
  };
}

function writerSuite(target: DatabaseTarget): void {
  const test = suite(`request log writer: ${target.name}`);

  test('a 300-character model name is cut to its column, and that batch and the next land', async () => {
    const h = await harness(target);
    try {
      const long = `${'m'.repeat(299)}🚀`;
      h.writer.append(row(1));
      h.writer.append(row(2, { model: long, providerModel: long, errorMessage: 'e'.repeat(5000) }), spendOf(0.25));
      h.writer.append(row(3));
      await h.writer.flush();
      h.writer.append(row(4));
      await h.writer.flush();
      const stored = await h.stored();
      assert.equal(stored.map((entry) => entry.requestId), ['req_1', 'req_2', 'req_3', 'req_4']);
      const cut = stored[1]!;
      assert.is([...cut.model!].length, 255);
      assert.ok(cut.model!.startsWith('m'.repeat(254)) && cut.model!.endsWith('…'), 'a label is cut with an ellipsis');
      assert.is([...cut.providerModel!].length, 255);
      assert.is(cut.errorMessage!.length, 1000);
      assert.is(await h.spend(), 0.25);
    } finally {
      await h.close();
    }
  });

  test('non-Latin-1 and astral characters are stored intact', async () => {
    const h = await harness(target);
    try {
      h.writer.append(row(1, { model: '東京 🚀 model', errorMessage: 'ошибка ✓' }));
      await h.writer.flush();
      const [stored] = await h.stored();
      assert.is(stored!.model, '東京 🚀 model');
      assert.is(stored!.errorMessage, 'ошибка ✓');
    } finally {
      await h.close();
    }
  });

  test('a row the database refuses is dropped and logged alone; the rest of its batch, later batches and all spend land', async () => {
    const h = await harness(target);
    try {
      for (let index = 1; index <= 7; index++) {
        h.writer.append(row(index, index === 5 ? { status: null as never } : {}), spendOf(0.5));
      }
      await h.writer.flush();
      h.writer.append(row(8), spendOf(0.5));
      await h.writer.flush();
      assert.equal((await h.stored()).map((entry) => entry.requestId), ['req_1', 'req_2', 'req_3', 'req_4', 'req_6', 'req_7', 'req_8']);
      assert.is(await h.spend(), 4, 'the refused row still paid');
      assert.is(await h.keySpend(), 0.25 * 8, 'lifetime key spend counts every row');
      const refused = h.logs.filter((entry) => entry.msg.includes('refused a request log row'));
      assert.equal(refused.map((entry) => entry.requestId), ['req_5']);
    } finally {
      await h.close();
    }
  });

  test('an overlong identifier refuses its row at once, naming the column; its spend is kept', async () => {
    const h = await harness(target);
    try {
      h.writer.append(row(1, { deploymentId: 'd'.repeat(37) }), spendOf(1));
      h.writer.append(row(2));
      await h.writer.flush();
      assert.equal((await h.stored()).map((entry) => entry.requestId), ['req_2']);
      assert.is(await h.spend(), 1);
      const refused = h.logs.find((entry) => entry.requestId === 'req_1') as { err?: { message: string } } | undefined;
      assert.match(refused?.err?.message ?? '', /deploymentId is longer than its column \(36 characters\)/);
    } finally {
      await h.close();
    }
  });

  test('close() waits for a flush that is still waiting on settlement, and writes its rows', async () => {
    const h = await harness(target);
    try {
      let settle!: (counted: readonly CountedSpend[]) => void;
      const counted = new Promise<readonly CountedSpend[]>((resolve) => (settle = resolve));
      h.writer.append(row(1), spendOf(0.5, counted));
      const first = h.writer.flush();
      const closing = h.writer.close();
      setTimeout(() => settle([]), 30);
      await closing;
      // Read before `first` is awaited: close() alone must have waited for the write.
      assert.equal((await h.stored()).map((entry) => entry.requestId), ['req_1']);
      assert.is(await h.spend(), 0.5);
      await first;
    } finally {
      await h.close();
    }
  });

  test('flushes run one at a time: concurrent callers never write a batch twice or out of order', async () => {
    const h = await harness(target);
    try {
      const flushes: Array<Promise<void>> = [];
      for (let index = 1; index <= 30; index++) {
        h.writer.append(row(index), spendOf(0.125));
        flushes.push(h.writer.flush());
      }
      await Promise.all(flushes);
      assert.equal((await h.stored()).map((entry) => entry.requestId), Array.from({ length: 30 }, (_, index) => `req_${index + 1}`));
      assert.is(await h.spend(), 3.75);
    } finally {
      await h.close();
    }
  });

  test('past maxQueued the oldest rows are dropped (and counted in the log), their spend still lands', async () => {
    const h = await harness(target, { maxQueued: 3 });
    try {
      for (let index = 1; index <= 7; index++) h.writer.append(row(index), spendOf(0.125));
      await h.writer.flush();
      assert.equal((await h.stored()).map((entry) => entry.requestId), ['req_5', 'req_6', 'req_7']);
      assert.is(await h.spend(), 0.875);
      assert.is(await h.keySpend(), 1.75, 'the key total counts every row appended (row() costs 0.25 each)');
      const report = h.logs.find((entry) => entry.msg.includes('were dropped'));
      assert.is((report as { dropped?: number } | undefined)?.dropped, 4);
      h.writer.append(row(8));
      await h.writer.flush();
      assert.equal((await h.stored()).map((entry) => entry.requestId), ['req_5', 'req_6', 'req_7', 'req_8'], 'the queue works on after dropping');
    } finally {
      await h.close();
    }
  });

  test('key totals: 450 keys in one batch (several statements) each get exactly their rows\' cost; a key without a row is skipped', async () => {
    const h = await harness(target);
    try {
      const { VirtualKeyRecord } = h.database.models;
      // key-1 exists already; names that need quoting as SQL strings too.
      const ids = Array.from({ length: 450 }, (_, index) => (index === 0 ? 'key-1' : index % 50 === 0 ? `key '${index}' \\ "x"` : `key-n${index}`));
      for (const id of ids.slice(1)) await VirtualKeyRecord.create({ id, name: id, keyHash: `hash-${id}`, keyPrefix: 'sk-cdt-1' } as never);
      const before = (await VirtualKeyRecord.findByPk('key-n2'))!.updatedAt;
      const expected = new Map<string, number>();
      let index = 0;
      for (let round = 1; round <= 3; round++) {
        for (const [position, id] of ids.entries()) {
          if ((position + round) % 3 === 0) continue;
          const costNanos = 1_000_000 * (position + 1) + round;
          h.writer.append(row(++index, { virtualKeyId: id, costNanos }));
          expected.set(id, (expected.get(id) ?? 0) + costNanos);
        }
      }
      h.writer.append(row(++index, { virtualKeyId: 'key-deleted', costNanos: 5 }));
      await h.writer.flush();
      const stored = await VirtualKeyRecord.findAll({ attributes: ['id', 'spendNanos', 'updatedAt'] });
      assert.is(stored.length, 450);
      assert.equal(new Map(stored.map((record) => [record.id, Number(record.spendNanos)])), expected);
      assert.ok(stored.find((record) => record.id === 'key-n2')!.updatedAt.getTime() > before.getTime(), 'updated_at moves as with increment');
      assert.is(await VirtualKeyRecord.findByPk('key-deleted'), null);
      // A second batch adds to the totals.
      h.writer.append(row(++index, { virtualKeyId: 'key-n3', costNanos: 7 }));
      await h.writer.flush();
      assert.is(Number((await VirtualKeyRecord.findByPk('key-n3'))!.spendNanos), expected.get('key-n3')! + 7);
    } finally {
      await h.close();
    }
  });

  test('a database that is down keeps every row for the next flush: nothing is dropped as refused', async () => {
    const h = await harness(target);
    await h.database.close();
    h.writer.append(row(1));
    h.writer.append(row(2, { status: null as never }));
    await h.writer.flush();
    assert.ok(h.logs.some((entry) => entry.msg.includes('will retry')));
    assert.not.ok(h.logs.some((entry) => entry.msg.includes('refused')), 'an unreachable database is not a refusal');
    assert.is((h.writer as unknown as { rows: unknown[] }).rows.length, 2);
  });

  test.run();
}

// Started before any suite is queued: uvu starts running queued suites at the first idle turn.
const mariadb = await mariaDbTarget();
writerSuite(sqliteTarget);
if (mariadb) {
  writerSuite(mariadb);
  const teardown = suite('mariadb teardown');
  teardown.after(() => mariadb.stop());
  teardown('stops the MariaDB server', () => {});
  teardown.run();
}
