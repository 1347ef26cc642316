/** Reads a golden fixture from test/fixtures. */
import { readFileSync } from 'node:fs';

export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as T;
}
