import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { packedTargets, toPackedManifest } from '../scripts/to-packed-manifest.ts';

test('each ./src/<path>.ts export becomes a types/import pair on ./dist', () => {
  const packed = toPackedManifest({
    name: '@conduit/plugin-api',
    exports: { '.': './src/index.ts', './conformance': './src/conformance/index.ts' },
  });
  assert.equal(packed.exports, {
    '.': { types: './dist/index.d.ts', import: './dist/index.js' },
    './conformance': { types: './dist/conformance/index.d.ts', import: './dist/conformance/index.js' },
  });
  assert.is(packed.name, '@conduit/plugin-api', 'other fields are kept');
});

test('the packed targets are every file the exports name', () => {
  const packed = toPackedManifest({ exports: { '.': './src/index.ts' } });
  assert.equal(packedTargets(packed), ['./dist/index.d.ts', './dist/index.js']);
});

test('an export that is not a source file is refused rather than packed wrong', () => {
  assert.throws(() => toPackedManifest({ exports: { '.': { import: './src/index.ts' } } }), /exports\["\."\]/);
  assert.throws(() => toPackedManifest({ exports: { './data': './data/table.json' } }), /\.\/src\/<path>\.ts/);
  assert.throws(() => toPackedManifest({ name: 'x' }), /no exports map/);
});

test.run();
