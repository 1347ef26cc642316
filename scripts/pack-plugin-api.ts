/**
 * `npm run pack:plugin-api [-- --destination DIR]`: packs @conduit/plugin-api into the tarball a
 * plugin's author (as a devDependency) and a gateway's deployment folder install with
 * `npm install <tarball>`, until the package is on the npm registry. Prints the tarball's path; the
 * default destination is dist/ at the repository root.
 *
 * The package's own prepack builds dist/ and swaps the workspace's exports (TypeScript sources) for
 * the compiled ones, and its postpack swaps them back. This packs a copy of the package, so the
 * workspace's package.json never changes, even for a moment, under whatever else is running.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { npmPack } from './run-npm.ts';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pluginApiDir = path.join(repositoryRoot, 'core', 'plugin-api');

export async function packPluginApi(destination: string): Promise<string> {
  mkdirSync(destination, { recursive: true });
  const work = mkdtempSync(path.join(tmpdir(), 'conduit-pack-plugin-api-'));
  try {
    const copy = path.join(work, 'plugin-api');
    cpSync(pluginApiDir, copy, { recursive: true, filter: (source) => !/[\\/](node_modules|dist)$/.test(source) });
    // The build tools (tsc, tsx) are the workspace's.
    symlinkSync(path.join(repositoryRoot, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
    const searchPath = [path.join(repositoryRoot, 'node_modules', '.bin'), process.env.PATH ?? ''].join(path.delimiter);
    return await npmPack(copy, destination, searchPath);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { destination: { type: 'string' } }, strict: true });
  const tarball = await packPluginApi(path.resolve(values.destination ?? path.join(repositoryRoot, 'dist')));
  console.error(`Packed @conduit/plugin-api. Install it with: npm install ${tarball}`);
  console.log(tarball);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
