/**
 * The harness's pure parts, fast enough for `npm test`: its arguments, its statistics, and the table
 * it prints from a run's JSON (a committed full run). The end-to-end run is `npm run bench:smoke`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseBenchArgs } from '../src/parse-bench-args.ts';
import type { BenchRun } from '../src/report/bench-run.ts';
import { formatTable } from '../src/report/format-table.ts';
import { median, percentile, round } from '../src/stats.ts';

const benchRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

test('no argument is the full run with limits on, written to bench/results', () => {
  const args = parseBenchArgs([], benchRoot);
  assert.is(args.mode, 'full');
  assert.is(args.limits, true);
  assert.is(args.load, undefined);
  assert.is(args.outDir, path.join(benchRoot, 'results'));
  assert.equal(args.gatewayEnv, {});
});

test('options: mode, load generator, rounds, gateway environment, no limits', () => {
  const args = parseBenchArgs(
    ['--smoke', '--load', 'autocannon', '--rounds', '3', '--gateway-env', 'CONDUIT_WORKERS=2', '--gateway-env', 'A=b=c', '--no-limits', '--out', 'x'],
    benchRoot,
  );
  assert.is(args.mode, 'smoke');
  assert.is(args.load, 'autocannon');
  assert.is(args.rounds, 3);
  assert.equal(args.gatewayEnv, { CONDUIT_WORKERS: '2', A: 'b=c' });
  assert.is(args.limits, false);
  assert.is(args.outDir, path.resolve('x'));
});

test('bad options are refused with the option named', () => {
  assert.throws(() => parseBenchArgs(['--load', 'ab'], benchRoot), /--load must be wrk or autocannon, not ab/);
  assert.throws(() => parseBenchArgs(['--rounds', '0'], benchRoot), /--rounds must be a positive integer, not 0/);
  assert.throws(() => parseBenchArgs(['--gateway-env', '=x'], benchRoot), /--gateway-env takes KEY=VALUE, not =x/);
  assert.throws(() => parseBenchArgs(['--fast'], benchRoot), /fast/);
});

test('percentiles by nearest rank, medians of finite values, NaN as null', () => {
  const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
  assert.is(percentile(values, 50), 5);
  assert.is(percentile(values, 99), 10);
  assert.is(percentile(values, 0), 1);
  assert.ok(Number.isNaN(percentile([], 50)));
  assert.is(median([3, Number.NaN, 1, 2]), 2);
  assert.is(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([Number.NaN])));
  assert.is(round(1.23456, 2), 1.23);
  assert.is(round(Number.POSITIVE_INFINITY, 2), null);
});

test('the table of the latest committed full run names every candidate and target, without NaN', () => {
  const results = path.join(benchRoot, 'results');
  const latest = readdirSync(results)
    .filter((name) => /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.json$/.test(name))
    .sort()
    .at(-1);
  assert.ok(latest, 'bench/results holds a full run');
  const run = JSON.parse(readFileSync(path.join(results, latest), 'utf8')) as BenchRun;
  const table = formatTable(run);
  assert.match(table, '| Figure | Direct to upstream | Floor proxy (node:http) | Conduit gateway | Gateway / floor |');
  assert.match(table, '| Target (issue 6) |');
  assert.match(table, '| Max concurrent paced streams, no gap > 200 ms, no error |');
  assert.match(table, Math.round(run.summary.gateway.requestsPerSecond.c50NonStream ?? Number.NaN).toLocaleString('en-US'));
  assert.not.match(table, 'NaN');
  assert.not.match(table, 'undefined');
});

test.run();
