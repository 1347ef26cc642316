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

test('declares a routing-strategy plugin named least-busy', () => {
  assert.is(plugin.kind, 'routing-strategy');
  assert.is(plugin.name, 'least-busy');
});

test('the deployment with the fewest requests in flight first', () => {
  const strategy = plugin.create({ pluginOptions: {}, random: seeded() });
  const list = [candidate('busy', { stats: { inFlight: 9 } }), candidate('idle', { stats: { inFlight: 0 } }), candidate('some', { stats: { inFlight: 2 } })];
  assert.equal(ids(strategy.order(list, request)), ['idle', 'some', 'busy']);
});

test('idle deployments share the load at random (seeded)', () => {
  const strategy = plugin.create({ pluginOptions: {}, random: seeded(17) });
  const list = [candidate('a'), candidate('b'), candidate('c')];
  const firsts: Record<string, number> = { a: 0, b: 0, c: 0 };
  for (let i = 0; i < 3000; i++) firsts[strategy.order(list, request)[0]!.deploymentId]!++;
  for (const id of ['a', 'b', 'c']) assert.ok(firsts[id]! > 850 && firsts[id]! < 1150, `${id} first ${firsts[id]} times`);
});

test('an idle backup does not jump ahead of a busy primary tier', () => {
  const strategy = plugin.create({ pluginOptions: {}, random: seeded() });
  const list = [candidate('backup', { priority: 1 }), candidate('primary', { stats: { inFlight: 50 } })];
  assert.equal(ids(strategy.order(list, request)), ['primary', 'backup']);
});

test.run();
