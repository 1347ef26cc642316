/**
 * The loader hook `npm start` compiles the gateway with keeps compiled modules on disk: a changed
 * file must be compiled again, never served from the cache as it was.
 */
import { writeFileSync } from 'node:fs';
import type { LoadHookSync } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeTempDir } from '../../../../test/support/services.ts';

// Imported by URL: the hook is plain JavaScript outside the type-checked sources.
const hookUrl = new URL('../../bin/typescript-load-hook.mjs', import.meta.url).href;
const { load } = (await import(hookUrl)) as { load: LoadHookSync };

const notCalled = (): never => {
  throw new Error('a .ts file went to the next hook');
};

function compile(file: string, source: string): string {
  writeFileSync(file, source);
  const result = load(pathToFileURL(file).href, { conditions: [], format: undefined, importAttributes: {} }, notCalled);
  assert.is(result.format, 'module');
  return String(result.source);
}

test('a file is compiled again when its source changes, and each version gets its own output', () => {
  const file = join(makeTempDir('typescript-load-hook'), `module-${process.pid}-${Date.now()}.ts`);
  const first = compile(file, 'export const answer: number = 41;\n');
  assert.match(first, 'answer = 41');
  assert.not.match(first, ': number', 'types are stripped');
  const changed = compile(file, 'export const answer: number = 42;\n');
  assert.match(changed, 'answer = 42');
  assert.not.match(changed, 'answer = 41');
  // Back to the first source: served (from the cache) as that source compiles.
  assert.is(compile(file, 'export const answer: number = 41;\n'), first);
});

test('the same source at another path compiles with that path in its source map', () => {
  const dir = makeTempDir('typescript-load-hook');
  const source = `export const where = ${JSON.stringify(dir)};\n`;
  const one = compile(join(dir, 'one.ts'), source);
  const other = compile(join(dir, 'other.ts'), source);
  const sourcesOf = (code: string): string[] => {
    const map = /sourceMappingURL=data:application\/json;base64,(\S+)/.exec(code);
    assert.ok(map, 'an inline source map');
    return (JSON.parse(Buffer.from(map[1]!, 'base64').toString('utf8')) as { sources: string[] }).sources;
  };
  assert.ok(sourcesOf(one).some((entry) => entry.endsWith('one.ts')));
  assert.ok(sourcesOf(other).some((entry) => entry.endsWith('other.ts')));
});

test('anything but a .ts file goes to the next hook untouched', () => {
  const url = 'node:fs';
  const result = load(url, { conditions: [], format: undefined, importAttributes: {} }, (nextUrl) => ({ format: 'builtin', shortCircuit: true, url: nextUrl }));
  assert.is(result.format, 'builtin');
});

test.run();
