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

/** Pieces shorter than this are counted every time (hashing them would cost about as much). */
const minRemembered = 16;

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

  /** The prompt's tokens with the tokenizer of `model` (see count-tokens.ts). */
  tokens(model?: string): number {
    const encoding = encodingFor(model);
    if (this.counted?.encoding === encoding) return this.counted.tokens;
    let tokens = 0;
    for (const piece of this.pieces) {
      if (piece.length < minRemembered) {
        tokens += countTokensWith(piece, encoding);
        continue;
      }
      const key = encoding + hash('sha1', piece, 'base64');
      let count = remembered.get(key);
      if (count === undefined) {
        count = countTokensWith(piece, encoding);
        remembered.set(key, count);
      }
      tokens += count;
    }
    this.counted = { encoding, tokens };
    return tokens;
  }
}
