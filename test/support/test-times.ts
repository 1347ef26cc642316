/**
 * How long each test file took on its last run, kept between runs so that the runner can start the
 * longest files first: a long file started last would leave the other workers idle at the end.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

// Without a record (a fresh checkout, a new file), files that start servers, browsers or processes
// are the likely long ones.
const LIKELY_LONG = /\/integration\/|\.browser\.|\.mariadb\.|\.redis\.|^test\//;
const GUESS_LONG_SECONDS = 10;
const GUESS_SHORT_SECONDS = 1;

type Times = Record<string, number>;

function readTimes(timesFile: string): Times {
  try {
    const parsed: unknown = JSON.parse(readFileSync(timesFile, 'utf8'));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, number] => typeof entry[1] === 'number'));
  } catch {
    return {}; // none yet, or unreadable: guess
  }
}

/** How long a file is expected to take: its recorded seconds, else a guess from its path. */
export function expectedSeconds(timesFile: string): (file: string) => number {
  const times = readTimes(timesFile);
  return (file) => times[file] ?? (LIKELY_LONG.test(file) ? GUESS_LONG_SECONDS : GUESS_SHORT_SECONDS);
}

/** `files` with the longest first: by their recorded seconds, else by a guess from the path. */
export function longestFirst(files: readonly string[], timesFile: string): string[] {
  const seconds = expectedSeconds(timesFile);
  return [...files].sort((a, b) => seconds(b) - seconds(a) || a.localeCompare(b));
}

/**
 * Records these runs' seconds: added to the record after a run of some files, in place of it after a
 * run of all (so deleted files drop out). Never fails the run.
 */
export function recordTimes(timesFile: string, runs: ReadonlyArray<{ file: string; seconds: number }>, options: { allFiles: boolean }): void {
  try {
    const times = options.allFiles ? {} : readTimes(timesFile);
    for (const run of runs) times[run.file] = Math.round(run.seconds * 10) / 10;
    mkdirSync(dirname(timesFile), { recursive: true });
    const partial = `${timesFile}.${process.pid}`;
    writeFileSync(partial, `${JSON.stringify(times, Object.keys(times).sort(), 1)}\n`);
    renameSync(partial, timesFile);
  } catch {
    // A read-only checkout: the next run guesses again.
  }
}
