/** Writes a run as pretty JSON, one file per run named by its start time (and mode, unless full). */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BenchRun } from './bench-run.ts';

export function writeRun(run: BenchRun, directory: string): string {
  mkdirSync(directory, { recursive: true });
  const stamp = run.startedAt.replace(/\.\d+Z$/, 'Z').replaceAll(':', '-');
  const file = path.join(directory, `${stamp}${run.mode === 'full' ? '' : `-${run.mode}`}.json`);
  // NaN is not JSON; a figure that could not be measured is written as null.
  writeFileSync(file, `${JSON.stringify(run, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2)}\n`);
  return file;
}
