/**
 * Makes the two tarballs a third party's plugin travels as, the way core/plugin-api/README.md says:
 * `npm run pack:plugin-api` packs `@conduit/plugin-api` (compiled, exports pointing at dist/), and
 * the example plugin `conduit-provider-acme` is installed and packed the way its author would:
 * `npm install` in a copy of the example, whose devDependency names that tarball by the same relative
 * path as in the repository (../../dist/), then `npm pack`, built against the packed plugin API alone.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { npmPack, runNpm } from '../../scripts/run-npm.ts';
import { npmInstallFromCache } from './npm-install-from-cache.ts';

export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const pluginApiDir = path.join(repositoryRoot, 'core/plugin-api');
export const exampleDir = path.join(repositoryRoot, 'examples/conduit-provider-acme');

export interface PluginTarballs {
  pluginApi: string;
  acme: string;
  /** The example's package.json as the author's `npm install` left it. */
  authorManifest: { devDependencies?: Record<string, string> };
}

/** The example's tools; the copy borrows the workspace's instead of installing them again. */
const authorTools = ['typescript', 'tsx', 'uvu', '@types/node'];

export async function packThirdPartyPlugin(workDir: string): Promise<PluginTarballs> {
  // A checkout's layout: <checkout>/dist holds the plugin API's tarball, <checkout>/examples the plugin.
  const checkout = path.join(workDir, 'checkout');
  const packed = await runNpm(['run', '--silent', 'pack:plugin-api', '--', '--destination', path.join(checkout, 'dist')], { cwd: repositoryRoot });
  const pluginApi = packed.trim().split('\n').at(-1) ?? '';

  const author = path.join(checkout, 'examples', 'conduit-provider-acme');
  cpSync(exampleDir, author, { recursive: true, filter: (source) => !/[\\/](node_modules|dist|package-lock\.json|[^\\/]+\.tgz)$/.test(source) });
  const manifestFile = path.join(author, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { devDependencies?: Record<string, string> };
  for (const tool of authorTools) delete manifest.devDependencies?.[tool];
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  await npmInstallFromCache(author, []);
  const authorManifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as PluginTarballs['authorManifest'];

  // The workspace's TypeScript builds it (its prepack runs `tsc`), as the author's devDependency would.
  const binPath = [path.join(repositoryRoot, 'node_modules', '.bin'), process.env.PATH ?? ''].join(path.delimiter);
  const packs = path.join(workDir, 'packs');
  mkdirSync(packs, { recursive: true });
  const acme = await npmPack(author, packs, binPath);
  return { pluginApi, acme, authorManifest };
}
