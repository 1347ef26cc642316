import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeTempDir } from './make-temp-dir.ts';

// Drives scripts/run-tests.ts over a throwaway tree of small test files (CONDUIT_TEST_ROOT).
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const RUNNER = join(REPO_ROOT, 'scripts/run-tests.ts');
const UVU = import.meta.resolve('uvu');
const ASSERT = import.meta.resolve('uvu/assert');

const FILES: Record<string, string> = {
  'test/a/pass.test.ts': `
    import { test } from '${UVU}';
    import * as assert from '${ASSERT}';
    test('adds', () => assert.is(1 + 1, 2));
    test('concatenates', () => assert.is('a' + 'b', 'ab'));
    test.skip('later', () => {});
    test.run();`,
  'plugins/p/test/fail.test.ts': `
    import { test } from '${UVU}';
    import * as assert from '${ASSERT}';
    test('keeps the good one', () => assert.is(1, 1));
    test('maps the finish reason', () => assert.is('stop', 'length', 'finish reason differs'));
    test.run();`,
  'plugins/p/test/node_modules/dep/ignored.test.ts': `throw new Error('a test under node_modules ran');`,
  'core/c/test/crash.test.ts': `throw new Error('crashed while importing');`,
  'core/c/test/silent.test.ts': `console.log('never called test.run()');`,
  'core/c/test/skip.test.ts': `
    import { test } from '${UVU}';
    console.log('conduit-skip: mariadb not installed (mariadbd not on PATH)');
    test.run();`,
};

// Kept apart, run with a short timeout: the other files get a generous one so a loaded machine's
// slow start cannot fail them.
const HANGING_FILES: Record<string, string> = {
  'core/c/test/hang.test.ts': `
    import { spawn } from 'node:child_process';
    const child = spawn('sleep', ['600'], { stdio: 'ignore' });
    console.log('grandchild-pid ' + child.pid);
    setInterval(() => {}, 1000);`,
};
const SHORT_TIMEOUT_SECONDS = 6;

// Unit-test files share a process; one that kills it or hangs in it must not take the others down.
const SHARED_FILES: Record<string, string> = {
  'core/s/test/a-passes.test.ts': `
    import { test } from '${UVU}';
    test('runs first', () => {});
    test.run();`,
  'core/s/test/b-exits.test.ts': `
    import { test } from '${UVU}';
    test('exits the process', () => process.exit(3));
    test.run();`,
  'core/s/test/c-hangs.test.ts': `
    import { test } from '${UVU}';
    test('never settles', () => new Promise(() => setInterval(() => {}, 1000)));
    test.run();`,
  'core/s/test/c2-alone.test.ts': `
    // conduit-test: own process (checks that it is alone)
    import { test } from '${UVU}';
    import * as assert from '${ASSERT}';
    test('runs in a process of its own', () => assert.is(process.argv.some((arg) => arg.endsWith('run-shared-process.ts')), false));
    test.run();`,
  'core/s/test/d-passes.test.ts': `
    import { test } from '${UVU}';
    import * as assert from '${ASSERT}';
    test('still runs', () => assert.is(2 * 2, 4));
    test.run();`,
};

// The first leaves a timer running that would keep the process up for good.
const LEAKING_FILES: Record<string, string> = {
  'core/l/test/a-leaks.test.ts': `
    import { test } from '${UVU}';
    test('starts a timer it never stops', () => void setInterval(() => {}, 1000));
    test.run();`,
  'core/l/test/b-clean.test.ts': `
    import { test } from '${UVU}';
    test('passes', () => {});
    test.run();`,
};

// A file that passes, then keeps its process up on a timer it forgot, after burning some CPU.
const TIMED_FILES: Record<string, string> = {
  'test/t/lingers.test.ts': `
    import { test } from '${UVU}';
    import * as assert from '${ASSERT}';
    test('burns CPU', () => {
      const until = process.cpuUsage().user + 700_000;
      let spins = 0;
      while (process.cpuUsage().user < until) spins++;
      assert.ok(spins > 0);
    });
    // uvu prints its summary right after the last after() hook.
    test.after(() => void setTimeout(() => {}, 2500));
    test.run();`,
  'test/t/quick.test.ts': `
    import { test } from '${UVU}';
    test('returns', () => {});
    test.run();`,
  // These two share a process; each is timed on its own.
  'core/t/test/spins.test.ts': `
    import { test } from '${UVU}';
    test('burns CPU', () => {
      const until = process.cpuUsage().user + 700_000;
      while (process.cpuUsage().user < until);
    });
    test.run();`,
  'core/t/test/waits.test.ts': `
    import { test } from '${UVU}';
    test('waits', () => new Promise((resolve) => setTimeout(resolve, 1500)));
    test.run();`,
};

function makeTree(files: Record<string, string>): string {
  const root = makeTempDir('runner-tree');
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), `${source.trim()}\n`);
  }
  return root;
}

function runRunner(
  root: string,
  args: string[] = [],
  timeoutSeconds = 120,
  extraEnv: Record<string, string> = {},
): Promise<{ code: number | null; lines: string[] }> {
  return new Promise((resolveRun, reject) => {
    const env = { ...process.env, CONDUIT_TEST_ROOT: root, CONDUIT_TEST_TIMEOUT_SECONDS: String(timeoutSeconds), ...extraEnv };
    const child = spawn(process.execPath, ['--import', 'tsx', RUNNER, ...args], { cwd: REPO_ROOT, env });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolveRun({ code, lines: output.trimEnd().split('\n') }));
  });
}

function isGone(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2] === 'Z';
  } catch {
    return true;
  }
}

const root = makeTree(FILES);

test('a mixed run ends with the counts line and exits 1', async () => {
  const { code, lines } = await runRunner(root);
  // pass: 2 passed + 1 uvu skip; fail: 1 passed, 1 failed; crash, silent: 1 failed each; skip: 1.
  assert.is(lines.at(-1), '3 passed, 3 failed, 2 skipped');
  assert.is(code, 1);
  const output = lines.join('\n');
  assert.not.match(output, 'a test under node_modules ran');
  assert.match(output, /^=== PASS test\/a\/pass\.test\.ts \(2 passed, 0 failed, 1 skipped; /m);
  assert.match(output, /^=== SKIP core\/c\/test\/skip\.test\.ts /m);
  assert.match(output, /^ {4}FAIL "maps the finish reason"\n {6}finish reason differs/m);
  assert.match(output, /^ {6}Error: crashed while importing$/m);
  assert.match(output, /^ {4}exited with code 0 but printed no uvu summary/m);
  assert.match(output, /^ {2}core\/c\/test\/skip\.test\.ts: mariadb not installed \(mariadbd not on PATH\)$/m);
});

test('a file that outlives its timeout fails and its process tree is killed', async () => {
  const { code, lines } = await runRunner(makeTree(HANGING_FILES), [], SHORT_TIMEOUT_SECONDS);
  assert.is(lines.at(-1), '0 passed, 1 failed');
  assert.is(code, 1);
  const output = lines.join('\n');
  assert.match(output, new RegExp(`^ {4}timed out after ${SHORT_TIMEOUT_SECONDS} s \\(process tree killed\\)$`, 'm'));
  const grandchild = Number(/grandchild-pid (\d+)/.exec(output)?.[1]);
  assert.ok(grandchild > 0, 'the hanging file never printed its child pid');
  assert.ok(isGone(grandchild), 'the timed-out file left its child running');
});

test('each file shows its wall and CPU time, and how long it idled after its last output', async () => {
  const { code, lines } = await runRunner(makeTree(TIMED_FILES));
  assert.is(code, 0);
  const output = lines.join('\n');
  const header = /^=== PASS test\/t\/lingers\.test\.ts \(1 passed, 0 failed; ([\d.]+) s, ([\d.]+) s CPU, ([\d.]+) s idle after its last output\)$/m.exec(output);
  assert.ok(header, `no timed header for lingers.test.ts in:\n${output}`);
  const [wall, cpu, idle] = header.slice(1).map(Number);
  assert.ok(cpu! >= 0.7, `CPU ${cpu} s, but the file spun for 0.7 s of it`);
  assert.ok(idle! >= 2 && idle! < wall!, `idle ${idle} s of ${wall} s`);
  assert.match(output, /^=== PASS test\/t\/quick\.test\.ts \(1 passed, 0 failed; [\d.]+ s, [\d.]+ s CPU\)$/m);
  const slowest = lines.indexOf('Slowest 4 file(s):');
  assert.ok(slowest > 0, 'no list of the slowest files');
  // Listed longest first; on a loaded machine a file that spins can outlast the one that lingers.
  const listed = lines.slice(slowest + 1, slowest + 5);
  assert.ok(
    listed.some((line) => /^ {2}[\d.]+ s, [\d.]+ s CPU, [\d.]+ s idle after its last output +test\/t\/lingers\.test\.ts$/.test(line)),
    `lingers.test.ts is not listed with its idle time:\n${listed.join('\n')}`,
  );
  const walls = listed.map((line) => Number(/^ {2}([\d.]+) s/.exec(line)?.[1]));
  assert.equal(walls, [...walls].sort((a, b) => b - a), 'the list is longest first');
  assert.ok(listed.some((line) => line.endsWith('test/t/quick.test.ts')), 'quick.test.ts is not in the list');
  const spins = /^=== PASS core\/t\/test\/spins\.test\.ts \(1 passed, 0 failed; ([\d.]+) s, ([\d.]+) s CPU\)$/m.exec(output);
  assert.ok(spins, `no timed header for spins.test.ts in:\n${output}`);
  assert.ok(Number(spins[2]) >= 0.7, `CPU ${spins[2]} s, but the file spun for 0.7 s of it`);
  const waits = /^=== PASS core\/t\/test\/waits\.test\.ts \(1 passed, 0 failed; ([\d.]+) s, ([\d.]+) s CPU\)$/m.exec(output);
  assert.ok(waits, `no timed header for waits.test.ts in:\n${output}`);
  assert.ok(Number(waits[1]) >= 1.5 && Number(waits[1]) < 10, `waits.test.ts took ${waits[1]} s`);
  assert.match(output, /^Ran 4 test file\(s\) in [\d.]+ s \(files' own times add up to [\d.]+ s, their CPU time to [\d.]+ s, \d+ at a time; 3 process\(es\), 1 of them shared by several files\)$/m);
});

test('files in a shared process are reported one by one; one that exits or hangs fails alone', async () => {
  const { code, lines } = await runRunner(makeTree(SHARED_FILES), [], SHORT_TIMEOUT_SECONDS);
  const output = lines.join('\n');
  assert.is(lines.at(-1), '3 passed, 2 failed', output);
  assert.is(code, 1);
  assert.match(output, /^=== PASS core\/s\/test\/a-passes\.test\.ts \(1 passed, 0 failed; /m);
  assert.match(output, /^=== FAIL core\/s\/test\/b-exits\.test\.ts \(0 passed, 1 failed; /m);
  assert.match(output, /^=== FAIL core\/s\/test\/c-hangs\.test\.ts \(0 passed, 1 failed; /m);
  assert.match(output, /^=== PASS core\/s\/test\/d-passes\.test\.ts \(1 passed, 0 failed; /m);
  assert.match(output, /^=== PASS core\/s\/test\/c2-alone\.test\.ts \(1 passed, 0 failed; /m);
  assert.match(output, /^ {2}core\/s\/test\/b-exits\.test\.ts \(1 failed\)\n {4}exited with code 3 without printing a uvu summary$/m);
  assert.match(output, new RegExp(`^ {2}core/s/test/c-hangs\\.test\\.ts \\(1 failed\\)\n {4}timed out after ${SHORT_TIMEOUT_SECONDS} s \\(process tree killed\\)$`, 'm'));
  assert.not.match(output, /conduit-shared-process:/);
});

test('a file that leaves something running in a shared process is named, and the process ends', async () => {
  const { code, lines } = await runRunner(makeTree(LEAKING_FILES), [], 120, { CONDUIT_TEST_SHARED_EXIT_GRACE_SECONDS: '2' });
  const output = lines.join('\n');
  assert.is(lines.at(-1), '2 passed, 1 failed', output);
  assert.is(code, 1);
  assert.match(output, /^=== PASS core\/l\/test\/a-leaks\.test\.ts [^\n]*\n(?:.*\n)*?conduit-note: still running after this file's tests: .*Timeout x1/m);
  assert.match(output, /^ {2}core\/l\/test\/b-clean\.test\.ts \(1 failed\)\n {4}exited with code 1 after all its tests passed$/m);
  assert.match(output, /files that left something running: \S*core\/l\/test\/a-leaks\.test\.ts \([^)]*Timeout x1/);
});

test('filter arguments run only the files whose path contains one', async () => {
  const { code, lines } = await runRunner(root, ['a/pass', 'skip.test']);
  assert.is(lines.at(-1), '2 passed, 0 failed, 2 skipped');
  assert.is(code, 0);
  assert.ok(lines.some((line) => line.startsWith('Running 2 of 5 test file(s)')));
});

test('a run in which no test ran exits 1', async () => {
  const { code, lines } = await runRunner(root, ['no-such-file']);
  assert.is(lines.at(-1), '0 passed, 0 failed');
  assert.is(code, 1);
});

test.run();
