import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { computeCost } from '../../src/engine/usage/compute-cost.ts';
import { PriceTable, type ModelPrice } from '../../src/engine/usage/price-table.ts';

const price = (pattern: string, input: number, output: number, cached: number | null = null): ModelPrice => ({
  pattern,
  inputPerMillion: input,
  outputPerMillion: output,
  cachedInputPerMillion: cached,
  cacheWritePerMillion: null,
  perImage: null,
  audioInputPerMinute: null,
  audioOutputPerMinute: null,
  ttsPerThousandChars: null,
  batchMultiplier: null,
});

test('exact entries win over prefixes; the longest prefix wins among prefixes', () => {
  const table = new PriceTable([price('gpt-*', 1, 1), price('gpt-4o*', 2, 2), price('gpt-4o-mini', 3, 3)]);
  assert.is(table.find('gpt-4o-mini')?.pattern, 'gpt-4o-mini');
  assert.is(table.find('gpt-4o-2024')?.pattern, 'gpt-4o*');
  assert.is(table.find('gpt-3.5')?.pattern, 'gpt-*');
  assert.is(table.find('claude'), undefined);
});

test('the public name is looked up before the provider model', () => {
  const table = new PriceTable([price('my-model', 5, 5), price('gpt-4o', 1, 1)]);
  assert.is(table.find('my-model', 'gpt-4o')?.pattern, 'my-model');
  assert.is(table.find('unpriced-alias', 'gpt-4o')?.pattern, 'gpt-4o');
});

test('cost: input and output per million; cached tokens at the cached price', () => {
  const usage = { prompt_tokens: 1000, completion_tokens: 500, total_tokens: 1500, prompt_tokens_details: { cached_tokens: 400 } };
  // 600 plain input at $2/M, 400 cached at $0.5/M, 500 output at $8/M
  assert.ok(Math.abs(computeCost(usage, price('m', 2, 8, 0.5)) - (600 * 2 + 400 * 0.5 + 500 * 8) / 1e6) < 1e-15);
  // no cached price: cached tokens cost the input price
  assert.ok(Math.abs(computeCost(usage, price('m', 2, 8)) - (1000 * 2 + 500 * 8) / 1e6) < 1e-15);
});

test.run();
