import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { deploymentIds, routeCandidate, seededRandom } from '@conduit/plugin-api/conformance';
import plugin from '../src/index.ts';

const request = { modelName: 'm' };

test('declares a routing-strategy plugin named least-latency', () => {
  assert.is(plugin.kind, 'routing-strategy');
  assert.is(plugin.name, 'least-latency');
});

test('the fastest deployment first', () => {
  const strategy = plugin.create({ pluginOptions: {}, random: seededRandom() });
  const list = [routeCandidate('slow', { stats: { latencyMs: 900 } }), routeCandidate('fast', { stats: { latencyMs: 40 } }), routeCandidate('medium', { stats: { latencyMs: 300 } })];
  assert.equal(deploymentIds(strategy.order(list, request)), ['fast', 'medium', 'slow']);
});

test('a deployment not measured yet is tried first, so it gets measured', () => {
  const strategy = plugin.create({ pluginOptions: {}, random: seededRandom() });
  const list = [routeCandidate('fast', { stats: { latencyMs: 10 } }), routeCandidate('new')];
  assert.equal(deploymentIds(strategy.order(list, request)), ['new', 'fast']);
});

test('equal latencies share the load at random (seeded)', () => {
  const strategy = plugin.create({ pluginOptions: {}, random: seededRandom(13) });
  const list = [routeCandidate('a', { stats: { latencyMs: 50 } }), routeCandidate('b', { stats: { latencyMs: 50 } })];
  let a = 0;
  for (let i = 0; i < 1000; i++) if (strategy.order(list, request)[0]!.deploymentId === 'a') a++;
  assert.ok(a > 400 && a < 600, `a first ${a} times`);
});

test('a faster backup does not jump ahead of the primary tier', () => {
  const strategy = plugin.create({ pluginOptions: {}, random: seededRandom() });
  const list = [routeCandidate('backup', { priority: 1, stats: { latencyMs: 1 } }), routeCandidate('primary', { stats: { latencyMs: 500 } })];
  assert.equal(deploymentIds(strategy.order(list, request)), ['primary', 'backup']);
});

test.run();
