/**
 * Bounds on the shape of a JSON request body, checked on the raw bytes as they arrive, before the
 * body is parsed: a body past them is refused with a 400 naming the limit without building it
 * (JSON.parse of millions of values, or serialising a value nested thousands deep, would stall or
 * crash the process for everyone).
 *
 * The scan is one pass over the bytes, a chunk at a time; string contents are skipped with
 * Buffer#indexOf, so a typical chat body costs well under a microsecond.
 */
import { GatewayError } from '../../domain/gateway-error.ts';

export interface JsonShapeLimits {
  /** Arrays and objects nested inside each other, the body itself counting as 1. */
  maxDepth: number;
  /** Array items and object members in the whole body, at any depth. */
  maxValues: number;
  /**
   * Members of any one object. Every object's members are walked at once somewhere (a schema check
   * copying them, the keys listed before a loop): ~1 µs each, so one object of 290,000 members would
   * hold the event loop for a third of a second. Arrays are walked in slices where they can be long.
   */
  maxObjectMembers: number;
}

export const defaultJsonShapeLimits: JsonShapeLimits = {
  maxDepth: 64,
  // OpenAI's own bound on token ids per embeddings request; ample for any chat body.
  maxValues: 300_000,
  maxObjectMembers: 1_024,
};

const quote = 0x22;
const backslash = 0x5c;
const openArray = 0x5b;
const closeArray = 0x5d;
const openObject = 0x7b;
const closeObject = 0x7d;
const comma = 0x2c;

export class JsonShapeScanner {
  private depth = 0;
  private separators = 0;
  /** By depth: the members of the object open there so far, less one; -1 for an array. */
  private readonly members: number[] = [];
  private inString = false;
  /** The next byte is escaped (a string's unescaped backslash ended the last chunk). */
  private escaped = false;

  constructor(private readonly limits: JsonShapeLimits = defaultJsonShapeLimits) {}

  /** Reads the next piece of the body; throws the 400 once the body breaks a limit. */
  scan(chunk: Uint8Array): void {
    const length = chunk.length;
    let index = 0;
    while (index < length) {
      if (this.inString) {
        if (this.escaped) {
          this.escaped = false;
          index++;
          continue;
        }
        const next = Buffer.prototype.indexOf.call(chunk, quote, index) as number;
        const end = next === -1 ? length : next;
        // Backslashes right before the quote (or the chunk's end): an odd run escapes what follows.
        let run = 0;
        while (end - 1 - run >= index && chunk[end - 1 - run] === backslash) run++;
        if (next === -1) {
          this.escaped = run % 2 === 1;
          return;
        }
        if (run % 2 === 0) this.inString = false;
        index = next + 1;
        continue;
      }
      const byte = chunk[index]!;
      index++;
      if (byte === quote) {
        this.inString = true;
      } else if (byte === openArray || byte === openObject) {
        if (++this.depth > this.limits.maxDepth) throw tooDeep(this.limits.maxDepth);
        this.members[this.depth] = byte === openObject ? 0 : -1;
      } else if (byte === closeArray || byte === closeObject) {
        this.depth--;
      } else if (byte === comma) {
        if (++this.separators >= this.limits.maxValues) throw tooManyValues(this.limits.maxValues);
        const members = this.members[this.depth];
        if (members !== undefined && members >= 0) {
          if (members + 1 >= this.limits.maxObjectMembers) throw tooManyMembers(this.limits.maxObjectMembers);
          this.members[this.depth] = members + 1;
        }
      }
    }
  }
}

const tooDeep = (limit: number): GatewayError =>
  new GatewayError({
    status: 400,
    type: 'invalid_request_error',
    code: 'json_too_deep',
    message: `The request body is nested more than ${limit} levels deep (arrays and objects inside each other); the limit is ${limit}.`,
  });

const tooManyMembers = (limit: number): GatewayError =>
  new GatewayError({
    status: 400,
    type: 'invalid_request_error',
    code: 'json_too_many_members',
    message: `The request body holds an object with more than ${limit} members; the limit is ${limit}.`,
  });

const tooManyValues = (limit: number): GatewayError =>
  new GatewayError({
    status: 400,
    type: 'invalid_request_error',
    code: 'json_too_many_values',
    message: `The request body holds more than ${limit} array items and object members in all; the limit is ${limit}.`,
  });
