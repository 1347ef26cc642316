import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createBatchLoader, perRequest } from '../../src/adapters/graphql/batch-loader.ts';

test('keys asked for in one turn load with one call, each key once', async () => {
  const calls: string[][] = [];
  const loader = createBatchLoader(async (keys: readonly string[]) => {
    calls.push([...keys]);
    return new Map(keys.filter((key) => key !== 'gone').map((key) => [key, key.toUpperCase()]));
  });
  const values = await Promise.all(['a', 'b', 'a', 'gone'].map((key) => loader.load(key)));
  assert.equal(values, ['A', 'B', 'A', undefined]);
  assert.equal(await loader.load('b'), 'B');
  assert.equal(await loader.load('c'), 'C');
  assert.equal(calls, [['a', 'b', 'gone'], ['c']]);
});

test('a failed load rejects every key of its batch', async () => {
  const loader = createBatchLoader(async (): Promise<Map<string, number>> => {
    throw new Error('database down');
  });
  const results = await Promise.allSettled([loader.load('a'), loader.load('b')]);
  assert.equal(results.map((result) => result.status), ['rejected', 'rejected']);
});

test('one loader per request context', () => {
  const loaderOf = perRequest((_context: object) => createBatchLoader(async (keys: readonly string[]) => new Map(keys.map((key) => [key, 1]))));
  const first = {};
  assert.is(loaderOf(first), loaderOf(first));
  assert.is.not(loaderOf(first), loaderOf({}));
});

test.run();
