import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { encode as encodeO200k } from 'gpt-tokenizer/encoding/o200k_base';
import { encode as encodeCl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { countTokens } from '../../src/engine/usage/count-tokens.ts';
import { estimateUsage } from '../../src/engine/usage/estimate-usage.ts';
import { Prompt } from '../../src/engine/usage/prompt.ts';
import { CsvError, formatCsv, parseCsv } from '../../src/engine/usage/csv.ts';

test('tokens are counted with the model family’s BPE: o200k for current models, cl100k for GPT-4 and GPT-3.5', () => {
  const text = 'Conduit counts tokens exactly: naïve façades, 東京, and emoji 🎉 included.';
  assert.is(countTokens(text, 'gpt-4o-mini'), encodeO200k(text).length);
  assert.is(countTokens(text, 'claude-3-5-sonnet'), encodeO200k(text).length);
  assert.is(countTokens(text, 'gpt-4'), encodeCl100k(text).length);
  assert.is(countTokens(text, 'openai/gpt-3.5-turbo'), encodeCl100k(text).length);
  assert.is.not(encodeO200k(text).length, encodeCl100k(text).length, 'the two encodings differ on this text');
  assert.is(countTokens(''), 0);
});

test('special-token text in a prompt is counted as plain text, never refused', () => {
  assert.ok(countTokens('before <|endoftext|> after', 'gpt-4o') > 3);
});

test('estimated usage counts the prompt and the delivered text', () => {
  const usage = estimateUsage(new Prompt(['What is the capital of France?']), 'Paris is the capital of France.', 'gpt-4o');
  assert.equal(usage, {
    prompt_tokens: encodeO200k('What is the capital of France?').length,
    completion_tokens: encodeO200k('Paris is the capital of France.').length,
    total_tokens: encodeO200k('What is the capital of France?').length + encodeO200k('Paris is the capital of France.').length,
  });
});

test('a prompt counts piece by piece, the same whether its pieces were seen before or not', () => {
  const system = 'You are a careful assistant. Answer in one sentence.';
  const turns = ['What is the capital of France?', 'Paris.', 'And of Italy?'];
  const expected = (pieces: string[], encode: (text: string) => number[]): number => pieces.reduce((sum, piece) => sum + encode(piece).length, 0);
  for (let turn = 1; turn <= turns.length; turn++) {
    const pieces = [system, ...turns.slice(0, turn)];
    assert.is(new Prompt(pieces).tokens('gpt-4o'), expected(pieces, encodeO200k), `turn ${turn}, o200k`);
    assert.is(new Prompt(pieces).tokens('gpt-4'), expected(pieces, encodeCl100k), `turn ${turn}, cl100k`);
  }
  const huge = 'word '.repeat(20_000);
  assert.is(new Prompt([huge, '']).tokens('gpt-4o'), encodeO200k(huge).length);
  assert.is(new Prompt(['a', 'b']).length, 2);
});

test('a long prompt is counted in slices between turns of the event loop, within a token a slice of the whole count', async () => {
  const words = ['gateway', 'tokens', 'über', '東京', 'counting', 'a', 'prompt,', 'slices!'];
  const text = Array.from({ length: 40_000 }, (_, index) => words[(index * 7) % words.length]).join(' ');
  const exact = countTokens(text, 'gpt-4o');
  const prompt = new Prompt([text, 'a short system prompt']);
  let turns = 0;
  const ticking = setInterval(() => turns++, 0);
  const counted = await prompt.countTokens('gpt-4o');
  clearInterval(ticking);
  const slices = Math.ceil(text.length / 4096);
  assert.ok(Math.abs(counted - exact - countTokens('a short system prompt', 'gpt-4o')) <= slices, `${counted} vs ${exact}`);
  assert.ok(turns > 0, 'other work ran while the prompt was counted');
  // The count is kept: the synchronous read gives the same figure.
  assert.is(prompt.tokens('gpt-4o'), counted);
  // A prompt too long to count at once, never counted before, is estimated without blocking.
  assert.is(new Prompt(['x'.repeat(200_000)]).tokens('gpt-4o'), 50_000);
});

test('CSV: quoted fields with commas, quotes and line breaks; CRLF; blank lines skipped', () => {
  const rows = parseCsv('model,note\r\n"gpt-4o*","a, ""quoted""\nvalue"\r\n\r\nplain,\n');
  assert.equal(rows, [
    { line: 1, fields: ['model', 'note'] },
    { line: 2, fields: ['gpt-4o*', 'a, "quoted"\nvalue'] },
    { line: 5, fields: ['plain', ''] },
  ]);
  const text = formatCsv([['model', 'price'], ['a,b', 1.5], ['q"q', null]]);
  assert.is(text, 'model,price\r\n"a,b",1.5\r\n"q""q",\r\n');
  assert.equal(parseCsv(text).map((row) => row.fields), [['model', 'price'], ['a,b', '1.5'], ['q"q', '']]);
});

test('CSV that does not parse is refused with its line', () => {
  assert.throws(() => parseCsv('model\n"unclosed'), (error: unknown) => error instanceof CsvError && error.line === 2);
  assert.throws(() => parseCsv('a,b"c"\n'), (error: unknown) => error instanceof CsvError && error.line === 1);
  assert.throws(() => parseCsv('"a"b\n'), (error: unknown) => error instanceof CsvError);
});

test.run();
