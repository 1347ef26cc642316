/**
 * A gateway deployment folder as core/plugin-api/README.md tells an operator to keep one, apart
 * from the Conduit checkout: its own package.json, the plugins installed with npm (here: from the
 * tarballs), and a plugins.json naming them — a built-in plugin by its path in the checkout, the
 * third-party one by its package name, with options. The gateway reads it through CONDUIT_PLUGINS.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { npmInstallFromCache, type InstallMode } from './npm-install-from-cache.ts';
import type { PluginTarballs } from './pack-third-party-plugin.ts';

export interface Deployment {
  dir: string;
  pluginsFile: string;
  /** How npm was allowed to fetch: `--offline`, or `--prefer-offline` when the cache lacked something. */
  installMode: InstallMode;
}

export const acmePluginOptions = { region: 'eu' } as const;

export async function installDeployment(dir: string, tarballs: PluginTarballs, builtInPlugin: string): Promise<Deployment> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'conduit-deployment', version: '1.0.0', private: true }, null, 2)}\n`);
  const installMode = await npmInstallFromCache(dir, [tarballs.pluginApi, tarballs.acme]);
  const pluginsFile = path.join(dir, 'plugins.json');
  const plugins = {
    plugins: [{ module: path.relative(dir, builtInPlugin) }, { module: 'conduit-provider-acme', options: acmePluginOptions }],
  };
  writeFileSync(pluginsFile, `${JSON.stringify(plugins, null, 2)}\n`);
  return { dir, pluginsFile, installMode };
}
