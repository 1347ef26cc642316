/**
 * Cuts decoded SSE text into runs of plain events, to be relayed as they are, and the rest, for the
 * full parser (sse.ts). A plain event is one line, `data: {…}`, ending in a blank line, with LF line
 * ends; a run is a stretch of them, never one holding `"error"` (an event that may be an error is
 * left to the parser, which tells). Finding that costs a few string searches per network read
 * instead of parsing each event.
 */
import { maxSseEventSize, sseEventTooLarge } from './sse.ts';

export interface SseSplit {
  /** Whole plain events, or ''. */
  run: string;
  /** Whole events after the run, for the parser, or ''. */
  rest: string;
}

const nothing: SseSplit = Object.freeze({ run: '', rest: '' });

export class SseRunSplitter {
  /** Off for good once a CR shows up: runs are only cut from LF-framed text. */
  private off = false;

  /**
   * @param pending the start of an event the parser had read before the splitter took over.
   * @param maxEventSize the longest an unfinished event may grow (see `maxSseEventSize`).
   */
  constructor(
    private pending = '',
    private readonly maxEventSize = maxSseEventSize,
  ) {}

  /**
   * Splits the text of the next network read; an unfinished event is held for the next one, up to
   * `maxEventSize` characters (then a ProviderError, `invalid_response`).
   */
  push(text: string): SseSplit {
    if (this.off) return { run: '', rest: text };
    if (text.indexOf('\r') !== -1) {
      this.off = true;
      return { run: '', rest: this.flush() + text };
    }
    const buffer = this.pending === '' ? text : this.pending + text;
    const end = buffer.lastIndexOf('\n\n') + 2;
    if (end === 1) {
      if (buffer.length > this.maxEventSize) throw sseEventTooLarge(this.maxEventSize);
      this.pending = buffer;
      return nothing;
    }
    this.pending = end === buffer.length ? '' : buffer.slice(end);
    if (this.pending.length > this.maxEventSize) throw sseEventTooLarge(this.maxEventSize);
    const whole = end === buffer.length ? buffer : buffer.slice(0, end);
    const runEnd = beforeError(whole, plainPrefix(whole));
    if (runEnd === 0) return { run: '', rest: whole };
    return runEnd === whole.length ? { run: whole, rest: '' } : { run: whole.slice(0, runEnd), rest: whole.slice(runEnd) };
  }

  /** The unfinished event held back, for the parser at the end of the body. */
  flush(): string {
    const pending = this.pending;
    this.pending = '';
    return pending;
  }
}

/** The length of the plain events at the start of `whole` (whole events ending in a blank line). */
function plainPrefix(whole: string): number {
  let at = 0;
  while (at < whole.length && whole.startsWith('data: {', at)) {
    const lf = whole.indexOf('\n', at + 7);
    if (whole.charCodeAt(lf - 1) !== 125 /* } */ || whole.charCodeAt(lf + 1) !== 10 /* \n */) break;
    at = lf + 2;
  }
  return at;
}

/** `runEnd`, or the start of the first event before it that may be an error event. */
function beforeError(whole: string, runEnd: number): number {
  const at = errorMention(whole);
  if (at === -1 || at >= runEnd) return runEnd;
  const before = whole.lastIndexOf('\n\n', at);
  return before === -1 ? 0 : before + 2;
}

/**
 * Where JSON text first holds `"error"` (a key, or a string value: inside a string the quotes would
 * be escaped), or -1: text without it cannot be an error event. Searching `rror"` is several times
 * faster than `"error"`, whose first character is everywhere in JSON.
 */
export function errorMention(text: string): number {
  for (let at = text.indexOf('rror"'); at !== -1; at = text.indexOf('rror"', at + 5)) {
    if (text.charCodeAt(at - 1) === 101 /* e */ && text.charCodeAt(at - 2) === 34 /* " */) return at - 2;
  }
  return -1;
}
