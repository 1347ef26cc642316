import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveFallbackChain } from '../../src/engine/routing/fallback-chain.ts';

const rules = (entries: Record<string, string[]>) => new Map(Object.entries(entries));

test('a model without a rule is its own chain', () => {
  assert.equal(resolveFallbackChain(rules({}), 'a'), { models: ['a'], loopsBack: [] });
});

test("a model's own fallbacks come first, then theirs (breadth first)", () => {
  const chain = resolveFallbackChain(rules({ a: ['b', 'c'], b: ['d'], c: ['e'] }), 'a');
  assert.equal(chain.models, ['a', 'b', 'c', 'd', 'e']);
});

test('a chain that loops back is cut, not followed forever', () => {
  const chain = resolveFallbackChain(rules({ a: ['b'], b: ['c'], c: ['a'] }), 'a');
  assert.equal(chain.models, ['a', 'b', 'c']);
  assert.equal(chain.loopsBack, ['c -> a']);
  // Asked from the other end, the same rules give the rotated chain.
  assert.equal(resolveFallbackChain(rules({ a: ['b'], b: ['c'], c: ['a'] }), 'b').models, ['b', 'c', 'a']);
});

test('mutual fallbacks serve each other once', () => {
  assert.equal(resolveFallbackChain(rules({ a: ['b'], b: ['a'] }), 'a').models, ['a', 'b']);
  assert.equal(resolveFallbackChain(rules({ a: ['b'], b: ['a'] }), 'b').models, ['b', 'a']);
});

test('a model reached twice is tried once, where it first appears', () => {
  const chain = resolveFallbackChain(rules({ a: ['b', 'c'], b: ['c', 'd'] }), 'a');
  assert.equal(chain.models, ['a', 'b', 'c', 'd']);
  assert.equal(chain.loopsBack, ['b -> c']);
});

test('the chain is bounded', () => {
  const entries: Record<string, string[]> = {};
  for (let i = 0; i < 100; i++) entries[`m${i}`] = [`m${i + 1}`];
  assert.is(resolveFallbackChain(rules(entries), 'm0').models.length, 10);
  assert.is(resolveFallbackChain(rules(entries), 'm0', 3).models.length, 3);
});

test.run();
