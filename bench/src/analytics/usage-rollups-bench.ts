/**
 * `npm run bench -- --usage-rollups`: the analytics figures of issue 14, on SQLite.
 * 1. The request-log writer's rows/s without and with the hourly rollups (alternating runs, fresh
 *    database each; the target is "with" within 10% of "without"), also per CPU-second (steadier on a
 *    shared machine): rows spread over 24 hours (the headline, the worst case: a rollup row per row),
 *    and live rows (of the last second, as a gateway writes them).
 * 2. `usage` over 30 days by DAY x MODEL with 1,000,000 request-log rows over 30 days written through
 *    the writer (target ≤ 100 ms), plus usageTotals and usage by key (whole days from the key-day
 *    rollups, the hours around them from the hourly ones).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, removeTempDir } from '../../../test/support/make-temp-dir.ts';
import { QueryTypes } from 'sequelize';
import { openDatabase, type Database } from '../../../core/gateway/src/infrastructure/database/open-database.ts';
import { RequestLogWriter } from '../../../core/gateway/src/infrastructure/database/request-log-writer.ts';
import type { RequestLogRow } from '../../../core/gateway/src/ports/request-log-sink.ts';
import { UsageRollupWriter } from '../../../core/gateway/src/infrastructure/database/usage-rollup-writer.ts';
import { UsageAnalyticsService } from '../../../core/gateway/src/services/usage-analytics-service.ts';

export interface UsageRollupsBenchOptions {
  /** Rows in the analytics database (default 1,000,000). */
  rows: number;
  /** Rows per writer-throughput run (default 200,000). */
  writerRows: number;
  outDir: string;
  log: (line: string) => void;
}

const silent = { error() {}, warn() {}, info() {}, debug() {}, isLevelEnabled: () => false } as never;
const dayMs = 86_400_000;

/** Rows created up to `spanMs` before `end()`. */
function rowMaker(spanMs: number, end: () => number): (index: number) => RequestLogRow {
  // mulberry32: a small seeded generator with a long period.
  let state = 42;
  const random = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
  return (index) => {
    const model = Math.floor(random() * 20);
    const status = random() < 0.95 ? 200 : random() < 0.5 ? 429 : 502;
    return {
      requestId: `req_${index}`,
      virtualKeyId: `key-${Math.floor(random() * 500)}`,
      endpoint: 'chat/completions',
      model: `model-${model}`,
      providerId: `provider-${model % 4}`,
      providerModel: `provider-model-${model}`,
      deploymentId: `deployment-${model}`,
      stream: random() < 0.5,
      status,
      errorCode: status === 200 ? null : 'upstream_error',
      errorMessage: null,
      promptTokens: Math.floor(random() * 2000),
      completionTokens: status === 200 ? Math.floor(random() * 800) : null,
      cachedTokens: 0,
      totalTokens: 0,
      usageEstimated: false,
      costNanos: status === 200 ? Math.round(random() * 1e6) : 0,
      unpriced: false,
      latencyMs: Math.floor(random() * 4000),
      firstByteMs: null,
      attempts: 1,
      clientIp: '127.0.0.1',
      createdAt: new Date(end() - Math.floor(random() * spanMs)),
    };
  };
}

/** The writer's default batch size: the bench feeds it whole batches. */
const batchRows = 2000;

/**
 * Appends `count` rows as a gateway at the writer's full speed would: the writer flushes full batches
 * (and on its timer) while the next batch arrives, one batch waiting at most. Appending everything at
 * once instead overflowed the writer's queue: past `maxQueued` (100,000) it drops the oldest rows, so
 * the figure measured the drop path and half the rows were never written.
 * Checks that every row reached the database.
 */
async function writeRows(writer: RequestLogWriter, database: Database, count: number, make: (index: number) => RequestLogRow): Promise<void> {
  const [before] = await database.sequelize.query<{ count: number }>('SELECT COUNT(*) AS count FROM request_logs', { type: QueryTypes.SELECT });
  let written: Promise<void> = Promise.resolve();
  for (let index = 0; index < count; index++) {
    writer.append(make(index));
    if (index % batchRows === batchRows - 1) {
      const flushed = writer.flush();
      await written;
      written = flushed;
    }
  }
  await writer.close();
  const [after] = await database.sequelize.query<{ count: number }>('SELECT COUNT(*) AS count FROM request_logs', { type: QueryTypes.SELECT });
  const stored = Number(after!.count) - Number(before!.count);
  if (stored !== count) throw new Error(`the writer stored ${stored} of ${count} rows: the figures would be wrong`);
}

interface WriterRun {
  rowsPerSecond: number;
  /** Rows per second of the process's CPU time (every thread: SQLite runs off the main one). */
  rowsPerCpuSecond: number;
}

/**
 * How the rows' times spread: `spread`, the headline, over the last 24 hours, so nearly every row of a
 * batch is its own rollup row (hour x key x model x status) and adds one; `live`, as a gateway writes
 * them, in the second before they are appended, so a batch's rows fold into the current hour's rows.
 */
type Distribution = 'spread' | 'live';

async function writerRun(rows: number, rollups: boolean, distribution: Distribution): Promise<WriterRun> {
  const dataDir = makeTempDir('bench-rollups-writer');
  const database = await openDatabase({ databaseUrl: undefined, dataDir });
  try {
    const writer = new RequestLogWriter({
      sequelize: database.sequelize,
      models: database.models,
      logger: silent,
      flushIntervalMs: 100,
      ...(rollups ? { rollups: new UsageRollupWriter(database.sequelize) } : {}),
    });
    const started = performance.now();
    const cpu = process.cpuUsage();
    const start = Date.now();
    await writeRows(writer, database, rows, distribution === 'spread' ? rowMaker(dayMs, () => start) : rowMaker(1000, Date.now));
    const elapsed = performance.now() - started;
    const used = process.cpuUsage(cpu);
    return { rowsPerSecond: rows / (elapsed / 1000), rowsPerCpuSecond: rows / ((used.user + used.system) / 1e6) };
  } finally {
    await database.close();
    removeTempDir(dataDir);
  }
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function timeQuery(run: () => Promise<unknown>, times: number): Promise<{ medianMs: number; maxMs: number }> {
  await run();
  const samples: number[] = [];
  for (let index = 0; index < times; index++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return { medianMs: Math.round(median(samples) * 10) / 10, maxMs: Math.round(Math.max(...samples) * 10) / 10 };
}

export async function runUsageRollupsBench(options: UsageRollupsBenchOptions): Promise<string> {
  const { log } = options;
  const runs: Record<Distribution, { without: WriterRun[]; with: WriterRun[] }> = { spread: { without: [], with: [] }, live: { without: [], with: [] } };
  for (let round = 0; round < 3; round++) {
    for (const distribution of ['spread', 'live'] as const) {
      for (const rollups of [false, true]) {
        const run = await writerRun(options.writerRows, rollups, distribution);
        runs[distribution][rollups ? 'with' : 'without'].push(run);
        log(
          `writer round ${round + 1}/3, ${options.writerRows} ${distribution} rows ${rollups ? 'with' : 'without'} rollups: ${Math.round(run.rowsPerSecond)} rows/s, ${Math.round(run.rowsPerCpuSecond)} rows/CPU-s`,
        );
      }
    }
  }

  const dataDir = makeTempDir('bench-rollups-query');
  const database = await openDatabase({ databaseUrl: undefined, dataDir });
  let queries: Record<string, { medianMs: number; maxMs: number }>;
  let rollupRows: { full: number; model: number; keyDay: number };
  try {
    const end = Date.now();
    log(`writing ${options.rows} rows over 30 days through the writer with rollups`);
    const writer = new RequestLogWriter({ sequelize: database.sequelize, models: database.models, logger: silent, flushIntervalMs: 100, rollups: new UsageRollupWriter(database.sequelize) });
    await writeRows(writer, database, options.rows, rowMaker(30 * dayMs, () => end));
    const count = async (table: string): Promise<number> => {
      const [rows] = await database.sequelize.query(`SELECT COUNT(*) AS count FROM ${table}`);
      return Number((rows as Array<{ count: number }>)[0]!.count);
    };
    rollupRows = { full: await count('usage_rollups'), model: await count('usage_rollups_model'), keyDay: await count('usage_rollups_key_day') };
    const usage = new UsageAnalyticsService(database.sequelize);
    const range = { from: new Date(end - 30 * dayMs), to: new Date(end + 1) };
    log('timing the queries');
    queries = {
      'usage 30 d, DAY x MODEL': await timeQuery(() => usage.usage({ ...range, bucket: 'DAY', groupBy: ['MODEL'] }), 11),
      'usageTotals 30 d': await timeQuery(() => usage.totals(range), 11),
      'usage 30 d, VIRTUAL_KEY (no bucket)': await timeQuery(() => usage.usage({ ...range, groupBy: ['VIRTUAL_KEY'] }), 5),
    };
  } finally {
    await database.close();
    removeTempDir(dataDir);
  }

  const summary = (distribution: Distribution) => {
    const { without, with: withRollups } = runs[distribution];
    const figure = (samples: WriterRun[], name: keyof WriterRun): number => Math.round(median(samples.map((run) => run[name])));
    const rowsPerSecondWithout = figure(without, 'rowsPerSecond');
    const rowsPerSecondWith = figure(withRollups, 'rowsPerSecond');
    const rowsPerCpuSecondWithout = figure(without, 'rowsPerCpuSecond');
    const rowsPerCpuSecondWith = figure(withRollups, 'rowsPerCpuSecond');
    return {
      rowsPerSecondWithout,
      rowsPerSecondWith,
      ratio: Math.round((rowsPerSecondWith / rowsPerSecondWithout) * 1000) / 1000,
      rowsPerCpuSecondWithout,
      rowsPerCpuSecondWith,
      cpuRatio: Math.round((rowsPerCpuSecondWith / rowsPerCpuSecondWithout) * 1000) / 1000,
      samplesWithout: without,
      samplesWith: withRollups,
    };
  };
  const writer = summary('spread');
  const live = summary('live');
  const result = {
    kind: 'usage-rollups',
    at: new Date().toISOString(),
    rows: options.rows,
    rollupRows,
    writer: { rows: options.writerRows, ...writer },
    writerLive: { rows: options.writerRows, ...live },
    queries,
  };
  mkdirSync(options.outDir, { recursive: true });
  const file = path.join(options.outDir, `${result.at.replace(/\.\d+Z$/, 'Z').replaceAll(':', '-')}-usage-rollups.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  log(`results written to ${file}`);
  const lines = [
    `Usage rollups on SQLite: ${options.rows.toLocaleString('en-US')} request-log rows over 30 days (${rollupRows.full.toLocaleString('en-US')} full rollup rows, ${rollupRows.model.toLocaleString('en-US')} model rollup rows, ${rollupRows.keyDay.toLocaleString('en-US')} key-day rollup rows)`,
    '',
    '| figure | value | target |',
    '|---|---|---|',
    `| writer rows/s without rollups (rows over 24 h) | ${writer.rowsPerSecondWithout.toLocaleString('en-US')} | |`,
    `| writer rows/s with rollups (rows over 24 h) | ${writer.rowsPerSecondWith.toLocaleString('en-US')} (${Math.round(writer.ratio * 100)}%) | ≥ 90% |`,
    `| writer rows per CPU-second without / with rollups (rows over 24 h) | ${writer.rowsPerCpuSecondWithout.toLocaleString('en-US')} / ${writer.rowsPerCpuSecondWith.toLocaleString('en-US')} (${Math.round(writer.cpuRatio * 100)}%) | |`,
    `| writer rows/s without / with rollups (live: rows of the last second) | ${live.rowsPerSecondWithout.toLocaleString('en-US')} / ${live.rowsPerSecondWith.toLocaleString('en-US')} (${Math.round(live.ratio * 100)}%) | |`,
    `| writer rows per CPU-second without / with rollups (live) | ${live.rowsPerCpuSecondWithout.toLocaleString('en-US')} / ${live.rowsPerCpuSecondWith.toLocaleString('en-US')} (${Math.round(live.cpuRatio * 100)}%) | |`,
    ...Object.entries(queries).map(([name, timing]) => `| ${name} | ${timing.medianMs} ms median, ${timing.maxMs} ms max | ${name.includes('DAY x MODEL') ? '≤ 100 ms' : ''} |`),
  ];
  return `${lines.join('\n')}\n`;
}
