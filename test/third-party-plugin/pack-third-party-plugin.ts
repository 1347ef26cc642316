/**
 * Makes the two tarballs a third party's plugin travels as: `@conduit/plugin-api` packed from the
 * workspace (its prepack compiles it and points the packed exports at dist/), and the example plugin
 * `conduit-provider-acme` packed the way its author would, built against that packed plugin API and
 * nothing else: a copy of the example whose node_modules holds only the unpacked tarball.
 */
import { cpSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand } from '../support/run-command.ts';
import { npmPack } from './run-npm.ts';

export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const pluginApiDir = path.join(repositoryRoot, 'core/plugin-api');
export const exampleDir = path.join(repositoryRoot, 'examples/conduit-provider-acme');

export interface PluginTarballs {
  pluginApi: string;
  acme: string;
}

export async function packThirdPartyPlugin(workDir: string): Promise<PluginTarballs> {
  const packs = path.join(workDir, 'packs');
  mkdirSync(packs, { recursive: true });
  const pluginApi = await packPluginApi(packs);

  // The author's checkout: the example's files, and @conduit/plugin-api as npm would install it.
  const author = path.join(workDir, 'author', 'conduit-provider-acme');
  cpSync(exampleDir, author, { recursive: true, filter: (source) => !/[\\/](node_modules|dist)$/.test(source) });
  const installed = path.join(author, 'node_modules', '@conduit', 'plugin-api');
  mkdirSync(installed, { recursive: true });
  await runCommand('tar', ['-xzf', pluginApi, '-C', installed, '--strip-components=1'], 30_000);
  // The workspace's TypeScript 5.9 builds it (its prepack runs `tsc`), as the author's devDependency would.
  const binPath = [path.join(repositoryRoot, 'node_modules', '.bin'), process.env.PATH ?? ''].join(path.delimiter);
  const acme = await npmPack(author, packs, binPath);
  return { pluginApi, acme };
}

/**
 * Packs a copy of core/plugin-api, so the workspace's package.json is never touched while other
 * tests run. The copy borrows the workspace's node_modules for its build tools (tsc, tsx).
 */
async function packPluginApi(packs: string): Promise<string> {
  const copy = path.join(path.dirname(packs), 'plugin-api-checkout');
  cpSync(pluginApiDir, copy, { recursive: true, filter: (source) => !/[\\/](node_modules|dist)$/.test(source) });
  symlinkSync(path.join(repositoryRoot, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
  const binPath = [path.join(repositoryRoot, 'node_modules', '.bin'), process.env.PATH ?? ''].join(path.delimiter);
  return npmPack(copy, packs, binPath);
}
