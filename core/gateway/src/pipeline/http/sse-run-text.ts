/**
 * Looking into runs of raw SSE events (see `runs()` in the plugin API's raw-json-events.ts) without
 * parsing them: where an event with usage sits, dropping the `"usage":null` every event carries, and
 * the events' JSON texts when they must be read one by one after all.
 */
import { nullUsageTail } from './stream-chunk-json.ts';

/** An event of a run is `data: {…}\n\n`; its JSON text starts this far in. */
const dataPrefixLength = 'data: '.length;

/** `"usage"` as a key whose value is not null (a quote that is not escaped is structural in JSON). */
const usageValue = /"usage"[ \t]*:(?![ \t]*null)/;

export interface RunSplit {
  /** Whole events before the one with usage, or ''. */
  before: string;
  /** The JSON text of the event with usage. */
  event: string;
  /** Whole events after it, or ''. */
  after: string;
}

/** The run cut around its first event with a non-null `usage`; undefined when it has none. */
export function splitAtUsage(run: string): RunSplit | undefined {
  const at = run.search(usageValue);
  if (at === -1) return undefined;
  const previous = run.lastIndexOf('\n\n', at);
  const start = previous === -1 ? 0 : previous + 2;
  const end = eventEnd(run, at);
  return { before: run.slice(0, start), event: run.slice(start + dataPrefixLength, end), after: run.slice(end + 2) };
}

const nullUsageEventTail = `${nullUsageTail}\n\n`;

/**
 * The run with `"usage":null` dropped from every event that ends with it, as `withoutNullUsage` does
 * for one event; undefined when a `"usage"` would be left behind (the events must be read one by one).
 */
export function runWithoutNullUsage(run: string): string | undefined {
  const stripped = run.replaceAll(nullUsageEventTail, '}\n\n');
  return stripped.indexOf('"usage"') === -1 ? stripped : undefined;
}

/**
 * Hands `visit` the JSON text of each event of a run, in order, until it returns true; returns where
 * the events after that one start, or undefined when `visit` never stopped. A run's last event
 * without its blank line (a malformed run) is still handed out, as the last.
 */
export function visitRunEvents(run: string, visit: (json: string) => boolean): number | undefined {
  for (let at = 0; at < run.length; ) {
    const end = eventEnd(run, at);
    if (visit(run.slice(at + dataPrefixLength, end))) return Math.min(end + 2, run.length);
    at = end + 2;
  }
  return undefined;
}

/** Where the event that holds `at` ends (its blank line), or the end of the run when it has none. */
function eventEnd(run: string, at: number): number {
  const end = run.indexOf('\n\n', at);
  return end === -1 ? run.length : end;
}

/** The JSON text of each event of a run. */
export function runEvents(run: string): string[] {
  const events: string[] = [];
  visitRunEvents(run, (json) => {
    events.push(json);
    return false;
  });
  return events;
}
