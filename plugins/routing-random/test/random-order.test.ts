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

test('declares a routing-strategy plugin named random', () => {
  assert.is(plugin.kind, 'routing-strategy');
  assert.is(plugin.name, 'random');
});

test('the same seed gives the same order', () => {
  const list = ['a', 'b', 'c', 'd', 'e'].map((id) => candidate(id));
  const one = plugin.create({ pluginOptions: {}, random: seeded(7) });
  const two = plugin.create({ pluginOptions: {}, random: seeded(7) });
  for (let i = 0; i < 10; i++) assert.equal(ids(one.order(list, request)), ids(two.order(list, request)));
});

test('every deployment of a tier comes first about equally often, whatever its weight', () => {
  const strategy = plugin.create({ pluginOptions: {}, random: seeded(1) });
  const list = [candidate('a', { weight: 100 }), candidate('b', { weight: 1 }), candidate('c', { weight: 1 })];
  const firsts: Record<string, number> = { a: 0, b: 0, c: 0 };
  for (let i = 0; i < 3000; i++) firsts[strategy.order(list, request)[0]!.deploymentId]!++;
  for (const id of ['a', 'b', 'c']) assert.ok(firsts[id]! > 850 && firsts[id]! < 1150, `${id} first ${firsts[id]} times`);
});

test('a backup tier is never tried before the primary tier', () => {
  const strategy = plugin.create({ pluginOptions: {}, random: seeded(3) });
  const list = [candidate('backup', { priority: 1 }), candidate('p1'), candidate('p2')];
  for (let i = 0; i < 200; i++) assert.is(strategy.order(list, request)[2]!.deploymentId, 'backup');
});

test.run();
