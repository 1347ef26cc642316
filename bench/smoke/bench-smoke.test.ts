/**
 * `npm run bench:smoke`: keeps the harness from rotting. Runs `npm run bench -- --smoke` end to end
 * (fake upstream, floor proxy, the real gateway configured over GraphQL, load, streams, soak) and
 * checks that every figure of the run was produced and that no request failed. No timing assertions:
 * this machine's speed is not the test's business. It loads the machine for about a minute, so it is
 * not part of `npm test` (which runs only bench/test: the harness's pure parts and wrk's script);
 * run it after changing the harness.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { BenchRun } from '../src/report/bench-run.ts';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Paths of leaves that are not finite numbers, skipping the ones that have no meaning for direct. */
function missingFigures(value: unknown, at: string, out: string[]): string[] {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) out.push(at);
  } else if (value === null) {
    out.push(at);
  } else if (typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) missingFigures(child, `${at}.${key}`, out);
  }
  return out;
}

const notForDirect = ['proxyCpuUsPerRequest', 'c1AddedMs', 'streamC1AddedMs', 'peakRssMb'];

function runBench(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/src/run-bench.ts', ...args], { cwd: repositoryRoot });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

test('a smoke run produces every figure, writes one JSON file and prints the table', async () => {
  const out = mkdtempSync(path.join(tmpdir(), 'conduit-bench-test-'));
  try {
    const result = await runBench(['--smoke', '--load', 'autocannon', '--out', out]);
    assert.is(result.code, 0, `the harness failed:\n${result.stderr}`);
    const files = readdirSync(out);
    assert.is(files.length, 1);
    assert.match(files[0]!, /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ-smoke\.json$/);
    const run = JSON.parse(readFileSync(path.join(out, files[0]!), 'utf8')) as BenchRun;

    for (const name of ['direct', 'floor', 'gateway'] as const) {
      const summary: Record<string, unknown> = { ...run.summary[name] };
      if (name === 'direct') for (const key of notForDirect) delete summary[key];
      assert.equal(missingFigures(summary, name, []), [], `${name} lacks figures`);
      assert.is(run.summary[name].errors, 0, `${name} had failed requests`);
      assert.ok(run.summary[name].maxPacedStreams > 0, `${name} relayed no paced streams`);
    }
    assert.equal(run.summary.direct.proxyCpuUsPerRequest.c50NonStream, null);
    assert.is(run.soak.marks.length, 2);
    assert.equal(missingFigures(run.soak, 'soak', []), []);
    assert.is(run.soak.streamErrors, 0);
    assert.is(run.targets.length, 7);
    for (const check of run.targets) assert.ok(check.measured.length > 0, check.name);

    assert.match(result.stdout, '| Figure | Direct to upstream | Floor proxy (node:http) | Conduit gateway | Gateway / floor |');
    assert.match(result.stdout, '| Target (issue 6) |');
    assert.not.match(result.stdout, 'NaN');

    const reprinted = await runBench(['--print', path.join(out, files[0]!)]);
    assert.is(reprinted.code, 0, reprinted.stderr);
    assert.match(reprinted.stdout, '| Max concurrent paced streams, no gap > 200 ms, no error |');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test.run();
