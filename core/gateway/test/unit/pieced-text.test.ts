/**
 * A long string marked with the pieces it was built from is read through them (pieced-text.ts) exactly
 * as the string itself reads, and a prompt made of it counts the same tokens.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { markLongStrings } from '@conduit/plugin-api/internal';
import { PiecedText } from '../../src/engine/usage/pieced-text.ts';
import { Prompt } from '../../src/engine/usage/prompt.ts';

/** A string built from pieces of varied lengths, as the body parser builds one, and the pieces. */
function built(seed: number, pieceCount: number): { text: string; pieces: string[] } {
  const words = ['east', '東京', '🚀', 'café', 'a', 'x', `long${'wordwithoutspaces'.repeat(seed % 5)}`];
  const pieces: string[] = [];
  let text = '';
  for (let index = 0; index < pieceCount; index++) {
    let piece = '';
    const length = ((seed * 7919 + index * 104729) % 9000) + 1;
    while (piece.length < length) piece += words[(seed + piece.length + index) % words.length] + (index % 3 === 0 ? '' : ' ');
    pieces.push(piece);
    text += piece;
  }
  return { text, pieces };
}

test('slice and lastSpaceAfter read as String#slice and String#lastIndexOf do, across pieces', () => {
  for (let seed = 1; seed < 6; seed++) {
    const { text, pieces } = built(seed, 40);
    const flat = `${text}`.split('').join('');
    const release = markLongStrings([{ value: text, pieces }]);
    const pieced = new PiecedText(text);
    release();
    assert.is(pieced.length, flat.length);
    // Every position near the pieces' edges, and others spread over the text.
    const positions: number[] = [];
    let edge = 0;
    for (const piece of pieces) {
      for (let offset = -3; offset <= 3; offset++) if (edge + offset >= 0 && edge + offset < flat.length) positions.push(edge + offset);
      edge += piece.length;
    }
    for (let from = 0; from < flat.length; from += 997) positions.push(from);
    for (const from of positions) {
      for (const span of [0, 1, 50, 4096, 9000, 20_000]) assert.is(pieced.slice(from, from + span), flat.slice(from, from + span));
      for (const floor of [Math.max(from - 4096, -1), from - 2, from - 1]) {
        const expected = flat.lastIndexOf(' ', from);
        assert.is(pieced.lastSpaceAfter(floor, from), expected > floor ? expected : -1, `seed ${seed}, from ${from}, floor ${floor}`);
      }
    }
  }
});

test('a prompt of a marked long string counts the same tokens as one of the same text, flat', async () => {
  const { text, pieces } = built(3, 60);
  const flat = text.split('').join('');
  const release = markLongStrings([{ value: text, pieces }]);
  try {
    const marked = await new Prompt([text]).countTokens('gpt-4o');
    const plain = await new Prompt([flat]).countTokens('gpt-4o');
    assert.ok(marked > 1000);
    assert.is(marked, plain);
  } finally {
    release();
  }
});

test.run();
