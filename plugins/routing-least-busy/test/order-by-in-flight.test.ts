import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { deploymentIds, routeCandidate, seededRandom } from '@conduit/plugin-api/conformance';
import plugin from '../src/index.ts';

const request = { modelName: 'm' };

test('declares a routing-strategy plugin named least-busy', () => {
  assert.is(plugin.kind, 'routing-strategy');
  assert.is(plugin.name, 'least-busy');
});

test('the deployment with the fewest requests in flight first', () => {
  const strategy = plugin.create({ pluginOptions: {}, random: seededRandom() });
  const list = [routeCandidate('busy', { stats: { inFlight: 9 } }), routeCandidate('idle', { stats: { inFlight: 0 } }), routeCandidate('some', { stats: { inFlight: 2 } })];
  assert.equal(deploymentIds(strategy.order(list, request)), ['idle', 'some', 'busy']);
});

test('idle deployments share the load at random (seeded)', () => {
  const strategy = plugin.create({ pluginOptions: {}, random: seededRandom(17) });
  const list = [routeCandidate('a'), routeCandidate('b'), routeCandidate('c')];
  const firsts: Record<string, number> = { a: 0, b: 0, c: 0 };
  for (let i = 0; i < 3000; i++) firsts[strategy.order(list, request)[0]!.deploymentId]!++;
  for (const id of ['a', 'b', 'c']) assert.ok(firsts[id]! > 850 && firsts[id]! < 1150, `${id} first ${firsts[id]} times`);
});

test('an idle backup does not jump ahead of a busy primary tier', () => {
  const strategy = plugin.create({ pluginOptions: {}, random: seededRandom() });
  const list = [routeCandidate('backup', { priority: 1 }), routeCandidate('primary', { stats: { inFlight: 50 } })];
  assert.equal(deploymentIds(strategy.order(list, request)), ['primary', 'backup']);
});

test.run();
