import { createHash } from 'node:crypto';
import { cpSync, existsSync, renameSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTempDir, removeTempDir } from './make-temp-dir.ts';
import { runCommand } from './run-command.ts';

/**
 * Fills `dataDir` with a freshly initialised MariaDB data directory. mariadb-install-db takes seconds,
 * so its result is kept once per machine (keyed by binaries and options) under the OS temp dir and
 * copied, which takes milliseconds. The template is built aside and renamed into place, so a killed
 * build never leaves a half-made one.
 */
export async function initialiseDataDir(
  installBinary: string,
  serverBinary: string,
  installArgs: readonly string[],
  dataDir: string,
): Promise<void> {
  const template = join(tmpdir(), `conduit-mariadb-template-${templateKey(installBinary, serverBinary, installArgs)}`);
  if (!existsSync(template)) {
    const build = makeTempDir('mariadb-template-build');
    try {
      await runCommand(installBinary, [...installArgs, `--datadir=${join(build, 'data')}`], 120_000);
      renameSync(join(build, 'data'), template);
    } catch (error) {
      // Another process may have published the same template first; theirs is as good as ours.
      if (!existsSync(template)) throw error;
    } finally {
      removeTempDir(build);
    }
  }
  cpSync(template, dataDir, { recursive: true });
}

function templateKey(installBinary: string, serverBinary: string, installArgs: readonly string[]): string {
  const identity = [installBinary, serverBinary, statSync(serverBinary).mtimeMs, process.getuid?.(), ...installArgs];
  return createHash('sha256').update(identity.join('\n')).digest('hex').slice(0, 16);
}
