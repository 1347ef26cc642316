import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeTempDir } from './make-temp-dir.ts';
import { longestFirst, recordTimes } from './test-times.ts';

const files = ['core/a/test/unit/small.test.ts', 'core/a/test/integration/server.test.ts', 'test/x/big.test.ts', 'core/a/test/unit/tiny.test.ts'];

test('without a record, files that start servers or processes go first, then by name', () => {
  const timesFile = join(makeTempDir('times'), 'missing', 'times.json');
  assert.equal(longestFirst(files, timesFile), [
    'core/a/test/integration/server.test.ts',
    'test/x/big.test.ts',
    'core/a/test/unit/small.test.ts',
    'core/a/test/unit/tiny.test.ts',
  ]);
});

test('recorded times order the files, longest first; a file without one is guessed', () => {
  const timesFile = join(makeTempDir('times'), 'cache', 'times.json');
  recordTimes(timesFile, [
    { file: 'core/a/test/unit/tiny.test.ts', seconds: 42.04 },
    { file: 'test/x/big.test.ts', seconds: 0.5 },
    { file: 'core/a/test/unit/small.test.ts', seconds: 3 },
  ], { allFiles: false });
  assert.equal(longestFirst(files, timesFile), [
    'core/a/test/unit/tiny.test.ts',
    'core/a/test/integration/server.test.ts', // guessed: 10 s
    'core/a/test/unit/small.test.ts',
    'test/x/big.test.ts',
  ]);
  assert.equal(JSON.parse(readFileSync(timesFile, 'utf8')), {
    'core/a/test/unit/small.test.ts': 3,
    'core/a/test/unit/tiny.test.ts': 42,
    'test/x/big.test.ts': 0.5,
  });
});

test('a run of some files adds to the record; a run of all replaces it', () => {
  const timesFile = join(makeTempDir('times'), 'times.json');
  recordTimes(timesFile, [{ file: 'gone.test.ts', seconds: 9 }], { allFiles: false });
  recordTimes(timesFile, [{ file: 'kept.test.ts', seconds: 2 }], { allFiles: false });
  assert.equal(JSON.parse(readFileSync(timesFile, 'utf8')), { 'gone.test.ts': 9, 'kept.test.ts': 2 });
  recordTimes(timesFile, [{ file: 'kept.test.ts', seconds: 1 }], { allFiles: true });
  assert.equal(JSON.parse(readFileSync(timesFile, 'utf8')), { 'kept.test.ts': 1 });
});

test('an unreadable record is ignored, and a record that cannot be written does not fail the run', () => {
  const dir = makeTempDir('times');
  const timesFile = join(dir, 'times.json');
  writeFileSync(timesFile, '{ not json');
  assert.equal(longestFirst(['b.test.ts', 'a.test.ts'], timesFile), ['a.test.ts', 'b.test.ts']);
  recordTimes(join(timesFile, 'under-a-file.json'), [{ file: 'a.test.ts', seconds: 1 }], { allFiles: false });
});

test.run();
