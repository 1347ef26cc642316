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

const request = { modelName: 'm' };

test('declares a routing-strategy plugin named weighted', () => {
  assert.is(plugin.kind, 'routing-strategy');
  assert.is(plugin.name, 'weighted');
});

test('within a tier, the first pick follows the weights', () => {
  const strategy = plugin.create({ pluginOptions: {}, random: seeded(11) });
  const list = [candidate('heavy', { weight: 3 }), candidate('light', { weight: 1 })];
  let heavy = 0;
  for (let i = 0; i < 4000; i++) if (strategy.order(list, request)[0]!.deploymentId === 'heavy') heavy++;
  const share = heavy / 4000;
  assert.ok(share > 0.72 && share < 0.78, `heavy first in ${share} of orders`);
});

test('a zero-weight deployment comes last in its tier, before the next tier', () => {
  const strategy = plugin.create({ pluginOptions: {}, random: seeded(5) });
  const list = [candidate('zero', { weight: 0 }), candidate('one'), candidate('two', { weight: 2 }), candidate('backup', { priority: 1 })];
  for (let i = 0; i < 100; i++) {
    const ordered = ids(strategy.order(list, request));
    assert.equal(ordered.slice(2), ['zero', 'backup']);
  }
});

test('the same seed gives the same order', () => {
  const list = ['a', 'b', 'c', 'd'].map((id, index) => candidate(id, { weight: index + 1 }));
  const one = plugin.create({ pluginOptions: {}, random: seeded(9) });
  const two = plugin.create({ pluginOptions: {}, random: seeded(9) });
  for (let i = 0; i < 10; i++) assert.equal(ids(one.order(list, request)), ids(two.order(list, request)));
});

test.run();
