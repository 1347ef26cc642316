import { accessSync, constants, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';

const SHARED_MEMORY = '/dev/shm';
// A few MariaDB data dirs at once (tens of MB each) must fit with room to spare; a container's
// default 64 MB /dev/shm does not qualify.
const MIN_FREE_BYTES = 1024 ** 3;
// statfs's f_type for tmpfs.
const TMPFS_MAGIC = 0x01021994;

let parent: string | undefined;

/**
 * Where to put a throwaway server's files: /dev/shm when it is a writable tmpfs with a GiB free,
 * else the OS temp dir. On a disk, the fsyncs MariaDB makes for each table it creates cost about a
 * second per migrated database; in memory, nothing.
 */
export function memoryTempParent(): string {
  parent ??= pick();
  return parent;
}

function pick(): string {
  try {
    const stats = statfsSync(SHARED_MEMORY);
    accessSync(SHARED_MEMORY, constants.W_OK);
    if (stats.type === TMPFS_MAGIC && stats.bavail * stats.bsize >= MIN_FREE_BYTES) return SHARED_MEMORY;
  } catch {
    // No /dev/shm here.
  }
  return tmpdir();
}
