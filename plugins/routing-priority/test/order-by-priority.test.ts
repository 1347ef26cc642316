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

const strategy = plugin.create({ pluginOptions: {}, random: () => { throw new Error('priority must not use randomness'); } });
const request = { modelName: 'm' };

test('declares a routing-strategy plugin named priority', () => {
  assert.is(plugin.kind, 'routing-strategy');
  assert.is(plugin.name, 'priority');
  assert.is(plugin.apiVersion, 1);
});

test('lowest priority value first', () => {
  const ordered = strategy.order([candidate('c', { priority: 3 }), candidate('a', { priority: -1 }), candidate('b', { priority: 2 })], request);
  assert.equal(ids(ordered), ['a', 'b', 'c']);
});

test('ties by weight, heaviest first', () => {
  const ordered = strategy.order([candidate('light', { weight: 1 }), candidate('heavy', { weight: 5 }), candidate('backup', { priority: 1, weight: 9 })], request);
  assert.equal(ids(ordered), ['heavy', 'light', 'backup']);
});

test('equal priority and weight keep the configured order, every time', () => {
  const list = [candidate('first'), candidate('second'), candidate('third')];
  for (let i = 0; i < 5; i++) assert.equal(ids(strategy.order(list, request)), ['first', 'second', 'third']);
});

test('returns each candidate once and does not change the input', () => {
  const list = [candidate('b', { priority: 1 }), candidate('a')];
  const ordered = strategy.order(list, request);
  assert.is(ordered.length, 2);
  assert.equal(ids(list), ['b', 'a']);
  assert.is(ordered[0], list[1]);
});

test.run();
