import { readFileSync } from 'node:fs';

/** Parses `test/fixtures/<name>`; the caller states the type it expects. */
export function readFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as T;
}
