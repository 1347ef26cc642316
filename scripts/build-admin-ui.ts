// Builds admin-svelte into admin-svelte/dist when its sources changed since the last build. Run by
// `npm ci`/`npm install` (prepare) and `npm start` (prestart); an unchanged UI costs one hash of its
// sources. The hash is stored beside the build (dist/.source-hash), so deleting dist rebuilds.
//
//   node --import tsx scripts/build-admin-ui.ts           build if stale
//   node --import tsx scripts/build-admin-ui.ts --force   build anyway
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const adminRoot = join(repositoryRoot, 'admin-svelte');
export const hashFile = join(adminRoot, 'dist', '.source-hash');

const inputs = ['index.html', 'package.json', 'vite.config.ts', 'tsconfig.json', 'src'];
// The versions of the tools that shape the output count as sources too.
const tools = ['svelte', 'vite', '@sveltejs/vite-plugin-svelte', 'chart.js', 'graphql-ws', 'gql.tada'];

function listFiles(path: string): string[] {
  if (!existsSync(path)) return [];
  return readdirSync(path, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

export function sourceHash(root = adminRoot): string {
  const hash = createHash('sha256');
  for (const input of inputs) {
    const path = join(root, input);
    const files = input === 'src' ? listFiles(path) : existsSync(path) ? [path] : [];
    for (const file of files) {
      hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
    }
  }
  const require = createRequire(join(root, 'package.json'));
  for (const tool of tools) {
    try {
      const manifest = JSON.parse(readFileSync(require.resolve(`${tool}/package.json`), 'utf8')) as { version: string };
      hash.update(`${tool}@${manifest.version}\0`);
    } catch {
      hash.update(`${tool}@missing\0`);
    }
  }
  return hash.digest('hex');
}

export function isBuildCurrent(root = adminRoot): boolean {
  const stored = join(root, 'dist', '.source-hash');
  return existsSync(join(root, 'dist', 'index.html')) && existsSync(stored) && readFileSync(stored, 'utf8').trim() === sourceHash(root);
}

function main(): void {
  const force = process.argv.includes('--force');
  if (!force && isBuildCurrent()) {
    console.log('admin UI: up to date (admin-svelte/dist)');
    return;
  }
  const require = createRequire(join(adminRoot, 'package.json'));
  let viteBin: string;
  try {
    viteBin = join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  } catch {
    // Installed without dev dependencies: the gateway serves the placeholder page instead.
    console.log('admin UI: not built (vite is not installed; `npm install` with dev dependencies builds it)');
    return;
  }
  const started = Date.now();
  const hash = sourceHash();
  const result = spawnSync(process.execPath, [viteBin, 'build', '--logLevel', 'warn'], { cwd: adminRoot, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('admin UI: the build failed (see above)');
    process.exit(result.status ?? 1);
  }
  writeFileSync(hashFile, `${hash}\n`);
  console.log(`admin UI: built admin-svelte/dist in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
