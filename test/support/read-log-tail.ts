import { readFileSync } from 'node:fs';

/** The last `lines` lines of a server's log file, or '' when it has none yet. */
export function readLogTail(path: string, lines = 15): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
