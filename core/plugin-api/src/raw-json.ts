/**
 * The JSON text a value was parsed from, kept with the value so that a relay can forward the
 * upstream's bytes instead of serialising the object again.
 *
 * The OpenAI-compatible client marks every stream chunk and every whole answer it parses. The mark is invisible to the
 * object's users (not a property: no key, no `in`, not serialised) and a copy (`{ ...chunk, choices }`,
 * `structuredClone`) never carries it, so a new object is always serialised from its fields. A plugin
 * that changes a marked chunk IN PLACE must call `forgetRawJson(chunk)` first, or the old text would
 * be sent. Values a plugin builds itself have no mark and are serialised as before.
 */

// A private field stamped onto an object by a constructor that returns that object: unlike a
// non-enumerable property (Object.defineProperty), adding it costs no more than a property store.
class Stamp {
  constructor(target: object) {
    return target;
  }
}

class RawJsonMark extends Stamp {
  #text: string | undefined;

  private constructor(target: object, text: string) {
    super(target);
    this.#text = text;
  }

  static set(value: object, text: string | undefined): void {
    if (#text in value) (value as RawJsonMark).#text = text;
    else if (text !== undefined) new RawJsonMark(value, text);
  }

  static get(value: object): string | undefined {
    return #text in value ? (value as RawJsonMark).#text : undefined;
  }
}

/** Records `text` as the exact JSON of `value` (which must be what `JSON.parse(text)` returned). */
export function markRawJson<T extends object>(value: T, text: string): T {
  RawJsonMark.set(value, text);
  return value;
}

/** The JSON text `value` was parsed from, when it was marked and not forgotten since. */
export function rawJsonOf(value: object): string | undefined {
  return RawJsonMark.get(value);
}

/** Drops the mark, for a plugin about to change a parsed value in place. */
export function forgetRawJson(value: object): void {
  RawJsonMark.set(value, undefined);
}
