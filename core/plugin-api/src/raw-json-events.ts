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
 */
export const rawJsonEvents: unique symbol = Symbol.for('conduit.rawJsonEvents');

export interface RawJsonEventSource {
  /** Switches the stream to raw mode and returns its iterator; call before reading anything. */
  [rawJsonEvents](): AsyncIterator<readonly string[], undefined>;
}

/** The raw-mode iterator of `stream` when it offers one. */
export function rawJsonEventsOf(stream: AsyncIterable<unknown>): AsyncIterator<readonly string[], undefined> | undefined {
  const source = stream as Partial<RawJsonEventSource>;
  return typeof source[rawJsonEvents] === 'function' ? source[rawJsonEvents]() : undefined;
}
