/**
 * What every package of the repository declares about itself: the MIT licence of the root LICENSE,
 * and the Node.js versions it runs on, which must be exactly what the lock file's packages need
 * (no lower, or `npm ci` warns EBADENGINE and a dependency may break; no higher than needed).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Manifest {
  name: string;
  license?: string;
  engines?: { node?: string };
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

function packageDirs(): string[] {
  const dirs = [root, path.join(root, 'admin-svelte')];
  for (const group of ['core', 'plugins', 'examples']) {
    for (const entry of readdirSync(path.join(root, group), { withFileTypes: true })) {
      if (entry.isDirectory()) dirs.push(path.join(root, group, entry.name));
    }
  }
  return dirs.filter((dir) => existsSync(path.join(dir, 'package.json')));
}

const manifests = packageDirs().map((dir) => ({ dir: path.relative(root, dir) || '.', manifest: readJson<Manifest>(path.join(dir, 'package.json')) }));
const rootRange = readJson<Manifest>(path.join(root, 'package.json')).engines?.node ?? '';

/** The highest version below `version`'s minor line: 22.14.999 for 22.15.0, 21.999.999 for 22.0.0. */
function justBelow(version: semver.SemVer): string {
  return version.minor > 0 ? `${version.major}.${version.minor - 1}.999` : `${version.major - 1}.999.999`;
}

test('the root LICENSE is the MIT licence', () => {
  const text = readFileSync(path.join(root, 'LICENSE'), 'utf8');
  assert.match(text, /^MIT License\n\nCopyright \(c\) \d{4} /);
  assert.match(text, 'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND');
});

test('the packages that are packed for others carry the same LICENSE in their tarball', () => {
  const text = readFileSync(path.join(root, 'LICENSE'), 'utf8');
  for (const dir of ['core/plugin-api', 'examples/conduit-provider-acme']) {
    assert.is(readFileSync(path.join(root, dir, 'LICENSE'), 'utf8'), text, `${dir}/LICENSE`);
  }
});

test('every package.json says MIT and the root’s Node.js range', () => {
  assert.ok(manifests.length > 15, `found ${manifests.length} packages`);
  for (const { dir, manifest } of manifests) {
    assert.is(manifest.license, 'MIT', `${dir}: license`);
    assert.is(manifest.engines?.node, rootRange, `${dir}: engines.node`);
  }
});

test('the Node.js range is what the lock’s packages need: the lowest version all of them accept', () => {
  const lowest = semver.minVersion(rootRange);
  assert.ok(lowest, `engines.node ${JSON.stringify(rootRange)} is a range with a lowest version`);
  const lock = readJson<{ packages: Record<string, { engines?: { node?: string } | string[] }> }>(path.join(root, 'package-lock.json'));
  const ranges = Object.entries(lock.packages).flatMap(([location, entry]) => {
    const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
    return range ? [{ location: location || '.', range }] : [];
  });
  assert.ok(ranges.length > 100, `the lock names ${ranges.length} Node.js ranges`);
  const refusingLowest = ranges.filter(({ range }) => !semver.satisfies(lowest, range, { includePrerelease: true }));
  assert.equal(refusingLowest, [], `Node.js ${lowest.version} is refused by these packages`);
  for (const major of [22, 24]) {
    const latest = `${major}.999.0`;
    assert.ok(semver.satisfies(latest, rootRange), `Node.js ${major} LTS is in ${rootRange}`);
  }
  const below = justBelow(lowest);
  assert.ok(
    ranges.some(({ range }) => !semver.satisfies(below, range)),
    `no package of the lock needs more than Node.js ${below}: ${rootRange} asks for more than the lock needs`,
  );
});

test.run();
