import { runNpm } from '../../scripts/run-npm.ts';

export type InstallMode = '--offline' | '--prefer-offline';

/**
 * `npm install <args>` in `dir` from npm's cache; returns how npm was allowed to fetch. The plugin
 * API's one dependency (undici) must come from the cache: a cache filled by `npm ci` holds its
 * tarball but may lack its registry metadata, which only the registry can then supply.
 */
export async function npmInstallFromCache(dir: string, args: readonly string[]): Promise<InstallMode> {
  const install = (mode: InstallMode) => runNpm(['install', mode, '--no-audit', '--no-fund', ...args], { cwd: dir });
  try {
    await install('--offline');
    return '--offline';
  } catch (error) {
    if (!/ENOTCACHED/.test((error as Error).message)) throw error;
    console.log(`npm install --offline in ${dir}: the npm cache lacks a package; installing with --prefer-offline`);
    await install('--prefer-offline');
    return '--prefer-offline';
  }
}
