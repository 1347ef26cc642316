import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hundredths } from '../../src/pipeline/http/upstream-time.ts';

test('hundredths writes what toFixed(2) writes, for the overhead header', () => {
  const values = [0, 0.001, 0.004, 0.005, 0.006, 0.01, 0.1, 0.125, 0.994, 0.995, 0.999, 1, 1.005, 9.99, 10, 123.456, 86_400_000.5];
  let seed = 42;
  for (let index = 0; index < 100_000; index++) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    values.push((seed / 2 ** 31) * 10 ** (index % 6));
  }
  for (const value of values) assert.is(hundredths(value), value.toFixed(2), String(value));
});

test.run();
