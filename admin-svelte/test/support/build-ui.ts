/** Makes sure admin-svelte/dist is current (a no-op when the sources did not change). */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

export function buildAdminUi(): void {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(repositoryRoot, 'scripts', 'build-admin-ui.ts')], { cwd: repositoryRoot, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`building the admin UI failed:\n${result.stdout}\n${result.stderr}`);
}
