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

test('declares a routing-strategy plugin named least-latency', () => {
  assert.is(plugin.kind, 'routing-strategy');
  assert.is(plugin.name, 'least-latency');
});

test('the fastest deployment first', () => {
  const strategy = plugin.create({ pluginOptions: {}, random: seeded() });
  const list = [candidate('slow', { stats: { latencyMs: 900 } }), candidate('fast', { stats: { latencyMs: 40 } }), candidate('medium', { stats: { latencyMs: 300 } })];
  assert.equal(ids(strategy.order(list, request)), ['fast', 'medium', 'slow']);
});

test('a deployment not measured yet is tried first, so it gets measured', () => {
  const strategy = plugin.create({ pluginOptions: {}, random: seeded() });
  const list = [candidate('fast', { stats: { latencyMs: 10 } }), candidate('new')];
  assert.equal(ids(strategy.order(list, request)), ['new', 'fast']);
});

test('equal latencies share the load at random (seeded)', () => {
  const strategy = plugin.create({ pluginOptions: {}, random: seeded(13) });
  const list = [candidate('a', { stats: { latencyMs: 50 } }), candidate('b', { stats: { latencyMs: 50 } })];
  let a = 0;
  for (let i = 0; i < 1000; i++) if (strategy.order(list, request)[0]!.deploymentId === 'a') a++;
  assert.ok(a > 400 && a < 600, `a first ${a} times`);
});

test('a faster backup does not jump ahead of the primary tier', () => {
  const strategy = plugin.create({ pluginOptions: {}, random: seeded() });
  const list = [candidate('backup', { priority: 1, stats: { latencyMs: 1 } }), candidate('primary', { stats: { latencyMs: 500 } })];
  assert.equal(ids(strategy.order(list, request)), ['primary', 'backup']);
});

test.run();
