/**
 * The lines by which test/support/run-shared-process.ts tells scripts/run-tests.ts where each of its
 * files begins and ends, so that one process running many files still reports them file by file.
 */
import type { CpuSeconds } from './record-cpu-time.ts';

const PREFIX = 'conduit-shared-process:';

export type SharedProcessMarker =
  | { kind: 'start'; index: number }
  /** `loaded` is false when importing the file threw: its tests never ran. */
  | { kind: 'end'; index: number; loaded: boolean; cpu: CpuSeconds };

export function formatMarker(marker: SharedProcessMarker): string {
  const fields = marker.kind === 'start'
    ? [marker.index]
    : [marker.index, marker.loaded ? 'loaded' : 'load-failed', marker.cpu.self.toFixed(3), marker.cpu.children.toFixed(3)];
  return `${PREFIX} ${marker.kind} ${fields.join(' ')}`;
}

/** The marker on this line (without its line break), or undefined for a line of the files' own output. */
export function parseMarker(line: string): SharedProcessMarker | undefined {
  if (!line.startsWith(PREFIX)) return undefined;
  const [kind, index, loaded, self, children] = line.slice(PREFIX.length).trim().split(' ');
  const number = Number(index);
  if (!Number.isInteger(number) || number < 0) return undefined;
  if (kind === 'start') return { kind, index: number };
  if (kind === 'end' && (loaded === 'loaded' || loaded === 'load-failed')) {
    return { kind, index: number, loaded: loaded === 'loaded', cpu: { self: Number(self) || 0, children: Number(children) || 0 } };
  }
  return undefined;
}
