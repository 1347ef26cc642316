import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { DeploymentStats, RouteCandidate } from '@conduit/plugin-api';
import plugin from '../src/index.ts';

const stats = { latencyMs: undefined, errorRate: 0, requests: 0, inFlight: 0, health: 'unknown' as const };
function candidate(id: string, fields: Partial<Omit<RouteCandidate, 'stats'>> & { stats?: Partial<DeploymentStats> } = {}): RouteCandidate {
  const { stats: overrides, ...rest } = fields;
  return { deploymentId: id, providerId: 'p', modelName: 'm', providerModel: 'x', weight: 1, priority: 0, price: undefined, ...rest, stats: { ...stats, ...overrides } };
}
/** A seeded Park-Miller generator, so orders are reproducible. */
function seeded(seed = 42): () => number {
  let state = seed;
  return () => ((state = (state * 16807) % 2147483647) - 1) / 2147483646;
}
const ids = (list: readonly RouteCandidate[]): string[] => list.map((entry) => entry.deploymentId);

const price = (inputPerMillion: number, outputPerMillion: number) => ({ inputPerMillion, outputPerMillion });

test('declares a routing-strategy plugin named least-cost', () => {
  assert.is(plugin.kind, 'routing-strategy');
  assert.is(plugin.name, 'least-cost');
});

test('the cheapest deployment first; unpriced ones last', () => {
  const strategy = plugin.create({ pluginOptions: {}, random: seeded() });
  const list = [candidate('unpriced'), candidate('dear', { price: price(10, 30) }), candidate('cheap', { price: price(0.15, 0.6) })];
  assert.equal(ids(strategy.order(list, { modelName: 'm' })), ['cheap', 'dear', 'unpriced']);
});

test('the token counts decide between cheap input and cheap output', () => {
  const strategy = plugin.create({ pluginOptions: {}, random: seeded() });
  const cheapInput = candidate('cheap-input', { price: price(1, 20) });
  const cheapOutput = candidate('cheap-output', { price: price(5, 2) });
  const longPrompt = { modelName: 'm', promptTokens: 100_000, maxOutputTokens: 100 };
  const longAnswer = { modelName: 'm', promptTokens: 100, maxOutputTokens: 4000 };
  assert.is(strategy.order([cheapOutput, cheapInput], longPrompt)[0]!.deploymentId, 'cheap-input');
  assert.is(strategy.order([cheapInput, cheapOutput], longAnswer)[0]!.deploymentId, 'cheap-output');
});

test('equal prices share the load at random (seeded)', () => {
  const strategy = plugin.create({ pluginOptions: {}, random: seeded(21) });
  const list = [candidate('a', { price: price(1, 1) }), candidate('b', { price: price(1, 1) })];
  let a = 0;
  for (let i = 0; i < 1000; i++) if (strategy.order(list, { modelName: 'm' })[0]!.deploymentId === 'a') a++;
  assert.ok(a > 400 && a < 600, `a first ${a} times`);
});

test('a cheaper backup does not jump ahead of the primary tier', () => {
  const strategy = plugin.create({ pluginOptions: {}, random: seeded() });
  const list = [candidate('backup', { priority: 1, price: price(0, 0) }), candidate('primary', { price: price(50, 50) })];
  assert.equal(ids(strategy.order(list, { modelName: 'm' })), ['primary', 'backup']);
});

test.run();
