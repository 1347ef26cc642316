/**
 * An opt-in fast path for streams that are already in OpenAI's wire format. A stream that offers it
 * can hand its events out as the upstream's JSON text, unparsed, so a relay that forwards most events
 * unchanged parses only the few it must look into (the first ones, usage, errors) instead of all of
 * them. Iterating the stream normally still yields parsed chunks; a stream is read one way or the
 * other, chosen before the first read.
 *
 * Each step hands out the events that have arrived since the last one, as a non-empty array (a
 * network read often holds dozens), so a relay pays one awaited step per read, not per event. The
 * texts are single-line JSON objects (events whose data spans several lines are re-serialised), and
 * error events never appear: they fail the stream as they would when parsed.
 *
 * A relay that has seen what it needed of the first events can also ask for runs (`runs()`): whole
 * stretches of plain events as the upstream framed them, to be written on as they are.
 */
export const rawJsonEvents: unique symbol = Symbol.for('conduit.rawJsonEvents');

export interface RawJsonEventIterator extends AsyncIterator<readonly string[], undefined> {
  /**
   * From the next step on, a batch may also hold runs: stretches of whole events exactly as the
   * upstream sent them, `data: {…}\n\n` repeated, each event's data a single-line JSON object that is
   * not an error event. A run starts with `d` (see `isSseRun`), a single event's text with `{`.
   * Optional: a source that cannot cut runs keeps handing out single events.
   */
  runs?(): void;
}

export interface RawJsonEventSource {
  /** Switches the stream to raw mode and returns its iterator; call before reading anything. */
  [rawJsonEvents](): RawJsonEventIterator;
}

/** The raw-mode iterator of `stream` when it offers one. */
export function rawJsonEventsOf(stream: AsyncIterable<unknown>): RawJsonEventIterator | undefined {
  const source = stream as Partial<RawJsonEventSource>;
  return typeof source[rawJsonEvents] === 'function' ? source[rawJsonEvents]() : undefined;
}

/** Whether a raw item is a run of SSE events rather than one event's JSON text. */
export function isSseRun(text: string): boolean {
  return text.charCodeAt(0) === 100 /* d */;
}
