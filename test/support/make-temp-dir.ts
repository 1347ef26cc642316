import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const created = new Set<string>();
let hooked = false;

/** Creates a fresh directory under `parent` (the OS temp dir by default); it is removed when the process exits. */
export function makeTempDir(prefix: string, parent: string = tmpdir()): string {
  const safePrefix = prefix.replace(/[^A-Za-z0-9_-]/g, '-');
  const dir = mkdtempSync(join(parent, `conduit-${safePrefix}-`));
  created.add(dir);
  if (!hooked) {
    hooked = true;
    process.on('exit', removeAllTempDirs);
  }
  return dir;
}

/** Removes a directory made by makeTempDir now rather than at exit. */
export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  created.delete(dir);
}

function removeAllTempDirs(): void {
  for (const dir of created) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Best effort at exit: a server killed a moment ago may still hold a file open.
    }
  }
  created.clear();
}
