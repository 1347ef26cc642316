/**
 * The bytes a value was parsed from, kept with the value so that a relay can forward them instead of
 * serialising the object again: the large-answer counterpart of raw-json.ts (whose mark is the text),
 * for answers read a piece at a time (read-json-with-long-strings.ts), where no whole text exists.
 * Invisible to the value's users, never carried by a copy, as raw-json.ts's mark; a plugin that
 * changes a marked value in place must call `forgetRawJsonBytes(value)` first.
 */

class Stamp {
  constructor(target: object) {
    return target;
  }
}

export interface RawJsonBytes {
  pieces: readonly Uint8Array[];
  byteLength: number;
}

class RawJsonBytesMark extends Stamp {
  #bytes: RawJsonBytes | undefined;

  private constructor(target: object, bytes: RawJsonBytes) {
    super(target);
    this.#bytes = bytes;
  }

  static set(value: object, bytes: RawJsonBytes | undefined): void {
    if (#bytes in value) (value as RawJsonBytesMark).#bytes = bytes;
    else if (bytes !== undefined) new RawJsonBytesMark(value, bytes);
  }

  static get(value: object): RawJsonBytes | undefined {
    return #bytes in value ? (value as RawJsonBytesMark).#bytes : undefined;
  }
}

/** Records `bytes` as the exact JSON of `value` (what it was parsed from). */
export function markRawJsonBytes<T extends object>(value: T, bytes: RawJsonBytes): T {
  RawJsonBytesMark.set(value, bytes);
  return value;
}

/** The JSON bytes `value` was parsed from, when it was marked and not forgotten since. */
export function rawJsonBytesOf(value: object): RawJsonBytes | undefined {
  return RawJsonBytesMark.get(value);
}

/** Drops the mark, for a plugin about to change a parsed value in place. */
export function forgetRawJsonBytes(value: object): void {
  RawJsonBytesMark.set(value, undefined);
}
