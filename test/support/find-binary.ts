import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The first of `names` found as an executable file on PATH, as an absolute path, or null. */
export function findBinary(names: readonly string[], searchPath = process.env.PATH ?? ''): string | null {
  const dirs = searchPath.split(delimiter).filter((dir) => dir !== '');
  for (const name of names) {
    for (const dir of dirs) {
      const candidate = join(dir, name);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return null;
}

/**
 * Resolves each group of alternative binary names (e.g. ['mariadbd', 'mysqld']) to a path.
 * When one is missing: throws if CONDUIT_REQUIRE_SERVICES=1, else prints the `conduit-skip:` line the
 * test runner counts as a skip and returns null.
 */
export function requireBinaries(service: string, groups: readonly (readonly string[])[]): string[] | null {
  const found: string[] = [];
  for (const names of groups) {
    const path = findBinary(names);
    if (path === null) {
      const wanted = names.join(' or ');
      if (process.env.CONDUIT_REQUIRE_SERVICES === '1') {
        throw new Error(`${service} is required (CONDUIT_REQUIRE_SERVICES=1) but ${wanted} is not on PATH`);
      }
      console.log(`conduit-skip: ${service} not installed (${wanted} not on PATH)`);
      return null;
    }
    found.push(path);
  }
  return found;
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
