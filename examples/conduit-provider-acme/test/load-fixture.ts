import { readFileSync } from 'node:fs';

export function loadFixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

export function loadJsonFixture<T = unknown>(name: string): T {
  return JSON.parse(loadFixture(name)) as T;
}
