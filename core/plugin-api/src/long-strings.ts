/**
 * Long strings of a client's request that the gateway marks while it serves the request, so that
 * upstream bodies (`jsonRequestBody`) serialise them a piece at a time, and copy the plain ones as
 * the bytes they came as, instead of flattening, escaping and encoding megabytes in one go.
 */

export interface LongString {
  value: string;
  /** The pieces `value` is the concatenation of (a string built as it arrived is a rope of them). */
  pieces: readonly string[];
  /**
   * Present when the string's JSON text is its UTF-8 bytes between quotes (no character needs
   * escaping): those bytes.
   */
  bytes?: readonly Uint8Array[];
}

/** Marked strings, with how many requests in flight hold each (a string is its own key: Map looks long strings up by length and identity). */
const marked = new Map<string, { string: LongString; holders: number }>();

/**
 * Marks `strings` until the returned `release` is called (once). The gateway marks a request's long
 * strings as it parses the request and releases them when its response is finished.
 */
export function markLongStrings(strings: readonly LongString[]): () => void {
  for (const string of strings) {
    const entry = marked.get(string.value);
    if (entry) entry.holders++;
    else marked.set(string.value, { string, holders: 1 });
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    for (const string of strings) {
      const entry = marked.get(string.value)!;
      if (--entry.holders === 0) marked.delete(string.value);
    }
  };
}

/** The marked string `value`, if it is one. */
export function longStringOf(value: string): LongString | undefined {
  return marked.size === 0 ? undefined : marked.get(value)?.string;
}
