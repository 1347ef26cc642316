/**
 * A request's prompt as the pieces of text it is made of (each message's text, tool calls, the tool
 * definitions), counted piece by piece. Chat clients send the whole conversation with every turn and
 * the same system prompt with every request, so each piece is counted once and remembered (the
 * last 50,000): a new turn costs the tokenizer only its new message. The count is the sum of the pieces,
 * which is how providers count too (per message), give or take a few framing tokens. Pieces are
 * remembered by a hash of their text, never the text itself: prompts do not stay in memory.
 */
import { hash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { countTokensWith, encodingFor, type EncodingName } from './count-tokens.ts';
import { PiecedText } from './pieced-text.ts';

/** Pieces shorter than this are counted every time (hashing them would cost about as much). */
const minRemembered = 16;

/**
 * Characters counted between two turns of the event loop, and the longest slice of a piece: about a
 * millisecond of tokenizer (~0.3 µs a character).
 */
const charactersPerTurn = 4096;

/** Prompts longer than this are estimated rather than counted by `tokens()`, which cannot wait. */
const countedAtOnceChars = 128 * 1024;

/** Token counts by encoding and hash of the piece (SHA-1: a collision only skews an estimate). */
const remembered = new LRUCache<string, number>({ max: 50_000 });

/** What a prompt holds besides text, which the tokenizer cannot count: reserved as an allowance. */
export interface PromptMedia {
  images: number;
  /** Seconds of input audio, an upper bound (see audio-seconds-bound.ts). */
  audioSeconds: number;
}

export class Prompt {
  private counted: { encoding: EncodingName; tokens: number } | undefined;

  constructor(
    readonly pieces: readonly string[],
    readonly media?: PromptMedia,
  ) {}

  /** Characters in all pieces. */
  get length(): number {
    let length = 0;
    for (const piece of this.pieces) length += piece.length;
    return length;
  }

  /**
   * The prompt's tokens with the tokenizer of `model` (see count-tokens.ts), counted a slice at a time
   * with a turn of the event loop between slices: a prompt of megabytes (the tokenizer takes ~0.3 µs a
   * character) never blocks other requests for more than a few milliseconds.
   */
  async countTokens(model?: string): Promise<number> {
    const encoding = encodingFor(model);
    if (this.counted?.encoding === encoding) return this.counted.tokens;
    let tokens = 0;
    let sinceYield = 0;
    for (const piece of this.pieces) {
      for (const slice of slicesOf(piece)) {
        // The turn is taken before a slice that would carry this turn's work past the bound.
        if (sinceYield > 0 && sinceYield + slice.length > charactersPerTurn) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          sinceYield = 0;
        }
        tokens += countPiece(slice, encoding);
        sinceYield += slice.length;
      }
    }
    this.counted = { encoding, tokens };
    return tokens;
  }

  /**
   * The prompt's tokens without waiting: the count `countTokens` made, else counted now — exactly when
   * the prompt is short enough to count at once, else estimated at one token per 4 characters (only
   * estimated usage is made this way, for an answer whose provider reported none).
   */
  tokens(model?: string): number {
    const encoding = encodingFor(model);
    if (this.counted?.encoding === encoding) return this.counted.tokens;
    const length = this.length;
    if (length > countedAtOnceChars) return Math.ceil(length / 4);
    let tokens = 0;
    for (const piece of this.pieces) for (const slice of slicesOf(piece)) tokens += countPiece(slice, encoding);
    this.counted = { encoding, tokens };
    return tokens;
  }
}

function countPiece(piece: string, encoding: EncodingName): number {
  if (piece.length < minRemembered) return countTokensWith(piece, encoding);
  const key = encoding + hash('sha1', piece, 'base64');
  let count = remembered.get(key);
  if (count === undefined) {
    count = countTokensWith(piece, encoding);
    remembered.set(key, count);
  }
  return count;
}

/**
 * A long piece in slices of at most `charactersPerTurn`, cut before a space where one is near so that
 * words stay whole (the count then matches the whole piece's within a token or two a slice). The cuts
 * depend only on the text, so a piece sent again is found slice by slice among those remembered. A
 * long piece is cut as it is counted, read through its own pieces (pieced-text.ts): never copied or
 * searched whole in one go.
 */
function slicesOf(piece: string): Iterable<string> {
  return piece.length <= charactersPerTurn ? [piece] : longSlicesOf(piece);
}

function* longSlicesOf(piece: string): Generator<string> {
  const text = new PiecedText(piece);
  let start = 0;
  while (text.length - start > charactersPerTurn) {
    let end = start + charactersPerTurn;
    const space = text.lastSpaceAfter(start + charactersPerTurn / 2, end);
    if (space !== -1) end = space;
    yield text.slice(start, end);
    start = end;
  }
  yield text.slice(start);
}
