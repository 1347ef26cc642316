/**
 * A gateway deployment folder as an operator keeps one: a package.json, the plugins installed from
 * npm (here: the tarballs), and a plugins.json naming the plugin by its package name, with options.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PluginTarballs } from './pack-third-party-plugin.ts';
import { runNpm } from './run-npm.ts';

export interface Deployment {
  dir: string;
  pluginsFile: string;
  /** How npm was allowed to fetch: `--offline`, or `--prefer-offline` when the cache lacked something. */
  installMode: '--offline' | '--prefer-offline';
}

export const acmePluginOptions = { region: 'eu' } as const;

export async function installDeployment(dir: string, tarballs: PluginTarballs): Promise<Deployment> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'conduit-deployment', version: '1.0.0', private: true }, null, 2)}\n`);
  const install = (mode: Deployment['installMode']) =>
    runNpm(['install', mode, '--no-audit', '--no-fund', tarballs.pluginApi, tarballs.acme], { cwd: dir });
  let installMode: Deployment['installMode'] = '--offline';
  try {
    await install(installMode);
  } catch (error) {
    // The plugin API's one dependency (undici) must come from the npm cache; a cache filled by `npm ci`
    // holds its tarball but may lack its registry metadata, which only the registry can then supply.
    if (!/ENOTCACHED/.test((error as Error).message)) throw error;
    installMode = '--prefer-offline';
    console.log('npm install --offline: the npm cache lacks a package; installing with --prefer-offline');
    await install(installMode);
  }
  const pluginsFile = path.join(dir, 'plugins.json');
  const plugins = { plugins: [{ module: 'conduit-provider-acme', options: acmePluginOptions }] };
  writeFileSync(pluginsFile, `${JSON.stringify(plugins, null, 2)}\n`);
  return { dir, pluginsFile, installMode };
}
