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

test('declares a routing-strategy plugin named round-robin', () => {
  assert.is(plugin.kind, 'routing-strategy');
  assert.is(plugin.name, 'round-robin');
});

test('deployments take turns being first', () => {
  const strategy = plugin.create({ pluginOptions: {}, random: seeded() });
  const list = [candidate('a'), candidate('b'), candidate('c')];
  const orders = [1, 2, 3, 4].map(() => ids(strategy.order(list, { modelName: 'm' })));
  assert.equal(orders, [
    ['a', 'b', 'c'],
    ['b', 'c', 'a'],
    ['c', 'a', 'b'],
    ['a', 'b', 'c'],
  ]);
});

test('each model name keeps its own turn', () => {
  const strategy = plugin.create({ pluginOptions: {}, random: seeded() });
  const list = [candidate('a'), candidate('b')];
  assert.is(strategy.order(list, { modelName: 'one' })[0]!.deploymentId, 'a');
  assert.is(strategy.order(list, { modelName: 'one' })[0]!.deploymentId, 'b');
  assert.is(strategy.order(list, { modelName: 'two' })[0]!.deploymentId, 'a');
});

test('turns rotate within the primary tier; the backup tier stays last', () => {
  const strategy = plugin.create({ pluginOptions: {}, random: seeded() });
  const list = [candidate('backup', { priority: 5 }), candidate('a'), candidate('b')];
  assert.equal(ids(strategy.order(list, { modelName: 'm' })), ['a', 'b', 'backup']);
  assert.equal(ids(strategy.order(list, { modelName: 'm' })), ['b', 'a', 'backup']);
});

test.run();
