/** Reads a JSON (or raw text) fixture from test/fixtures. */
import { readFileSync } from 'node:fs';

export function readFixture<T = unknown>(name: string): T {
  return JSON.parse(readFixtureText(name)) as T;
}

export function readFixtureText(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}
