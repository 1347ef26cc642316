/** scripts/build-admin-ui.ts decides to rebuild only when the UI's sources changed. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isBuildCurrent, sourceHash } from '../../scripts/build-admin-ui.ts';
import { makeTempDir } from '../../test/support/make-temp-dir.ts';

function fakeAdminRoot(): string {
  const root = makeTempDir('admin-build');
  mkdirSync(join(root, 'src', 'pages'), { recursive: true });
  writeFileSync(join(root, 'package.json'), '{"name":"x"}');
  writeFileSync(join(root, 'index.html'), '<div id="app"></div>');
  writeFileSync(join(root, 'vite.config.ts'), 'export default {}');
  writeFileSync(join(root, 'src', 'main.ts'), 'console.log(1)');
  writeFileSync(join(root, 'src', 'pages', 'a.svelte'), '<h1>a</h1>');
  return root;
}

function markBuilt(root: string): void {
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(join(root, 'dist', 'index.html'), 'built');
  writeFileSync(join(root, 'dist', '.source-hash'), `${sourceHash(root)}\n`);
}

test('a build whose stored hash matches the sources is current', () => {
  const root = fakeAdminRoot();
  assert.is(isBuildCurrent(root), false, 'nothing built yet');
  markBuilt(root);
  assert.is(isBuildCurrent(root), true);
  assert.is(sourceHash(root), sourceHash(root), 'the hash is stable');
});

test('changing, adding or renaming a source makes the build stale', () => {
  const root = fakeAdminRoot();
  markBuilt(root);
  writeFileSync(join(root, 'src', 'pages', 'a.svelte'), '<h1>b</h1>');
  assert.is(isBuildCurrent(root), false, 'edited page');
  markBuilt(root);
  writeFileSync(join(root, 'src', 'pages', 'new.svelte'), '');
  assert.is(isBuildCurrent(root), false, 'new page');
  markBuilt(root);
  writeFileSync(join(root, 'vite.config.ts'), 'export default { base: "/x/" }');
  assert.is(isBuildCurrent(root), false, 'edited config');
});

test('generated type declarations and the build itself do not count as sources', () => {
  const root = fakeAdminRoot();
  markBuilt(root);
  writeFileSync(join(root, 'src', 'graphql-env.d.ts'), 'export type x = 1;');
  writeFileSync(join(root, 'dist', 'extra.js'), '');
  assert.is(isBuildCurrent(root), true);
});

test('a missing dist/index.html is stale even with a matching hash', () => {
  const root = fakeAdminRoot();
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(join(root, 'dist', '.source-hash'), sourceHash(root));
  assert.is(isBuildCurrent(root), false);
});

test.run();
