import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseTestOutput, type TestFileOutcome } from './parse-test-output.ts';

const clean: TestFileOutcome = { exitCode: 0, signal: null, timedOut: false, timeoutSeconds: 300 };
const failedExit: TestFileOutcome = { ...clean, exitCode: 1 };

function summary(total: number, passed: number, skipped: number): string {
  return `\n  Total:     ${total}\n  Passed:    ${passed}\n  Skipped:   ${skipped}\n  Duration:  1.00ms\n\n`;
}

const uvuFailure = [
  '• ✘   (1 / 2)',
  '',
  '   FAIL  "maps the finish reason"',
  '    Expected values to be deeply equal:  (equal)',
  '',
  '    at Object.handler (/repo/plugins/x/test/map.test.ts:4:47)',
  summary(2, 1, 0),
].join('\n');

test('counts the passes and skips of a clean uvu run', () => {
  const result = parseTestOutput(`• • •   (3 / 3)\n${summary(3, 3, 1)}`, clean);
  assert.equal(result, { passed: 3, failed: 0, skipped: 1, skipReasons: [], failureNotes: [] });
});

test('counts Total minus Passed as failed and quotes each FAIL header with its message', () => {
  const result = parseTestOutput(uvuFailure, failedExit);
  assert.is(result.passed, 1);
  assert.is(result.failed, 1);
  assert.equal(result.failureNotes, ['FAIL "maps the finish reason"', '  Expected values to be deeply equal:  (equal)']);
});

test('adds up every summary a file prints', () => {
  const result = parseTestOutput(`${summary(2, 2, 0)}${summary(3, 1, 2)}`, failedExit);
  assert.equal([result.passed, result.failed, result.skipped], [3, 2, 2]);
});

test('counts one skip per conduit-skip line and keeps its reason', () => {
  const output = `conduit-skip: mariadb not installed (mariadbd not on PATH)\nconduit-skip: redis down\n${summary(0, 0, 0)}`;
  const result = parseTestOutput(output, clean);
  assert.is(result.skipped, 2);
  assert.equal(result.skipReasons, ['mariadb not installed (mariadbd not on PATH)', 'redis down']);
});

test('counts a crash before any summary as one failure and quotes the error', () => {
  const output = 'file.ts:2\nthrow new Error("x");\n\nError: crashed at import\n    at <anonymous> (file.ts:2:7)\n    at Module._compile (x)\n\nNode.js v20.20.2\n';
  const result = parseTestOutput(output, failedExit);
  assert.is(result.failed, 1);
  assert.equal(result.failureNotes, [
    'exited with code 1 without printing a uvu summary',
    '  Error: crashed at import',
    '  at <anonymous> (file.ts:2:7)',
  ]);
});

test('counts a clean exit without a summary as one failure', () => {
  const result = parseTestOutput('I forgot test.run()\n', clean);
  assert.is(result.failed, 1);
  assert.match(result.failureNotes[0], 'printed no uvu summary');
});

test('counts a non-zero exit after an all-green summary as one failure', () => {
  const result = parseTestOutput(`${summary(1, 1, 0)}Error: late unhandled error\n`, failedExit);
  assert.equal([result.passed, result.failed], [1, 1]);
  assert.match(result.failureNotes[0], 'after all its tests passed');
});

test('adds no crash note when uvu exits 1 for its own failed tests', () => {
  const result = parseTestOutput(uvuFailure, failedExit);
  assert.not.ok(result.failureNotes.some((note) => note.includes('exited')));
});

test('counts a timed-out file as failed even when its tests had passed', () => {
  const result = parseTestOutput(summary(4, 4, 0), { ...clean, exitCode: null, signal: 'SIGTERM', timedOut: true, timeoutSeconds: 7 });
  assert.is(result.failed, 1);
  assert.is(result.failureNotes[0], 'timed out after 7 s (process tree killed)');
});

test('counts a file killed by a signal as failed', () => {
  const result = parseTestOutput('', { ...clean, exitCode: null, signal: 'SIGKILL' });
  assert.is(result.failed, 1);
  assert.is(result.failureNotes[0], 'killed by SIGKILL');
});

test('explains failures uvu counted without a FAIL report (a hook threw)', () => {
  const result = parseTestOutput(` gateway    (0 / 12)\n${summary(12, 0, 0)}`, clean);
  assert.is(result.failed, 12);
  assert.match(result.failureNotes[0], 'hook probably threw');
});

test('reads summaries printed with colours', () => {
  const coloured = '\n  Total:     2\n\u001b[32m  Passed:    2\u001b[39m\n  Skipped:   0\n';
  assert.is(parseTestOutput(coloured, clean).passed, 2);
});

test.run();
