import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { deploymentIds, routeCandidate, seededRandom } from '@conduit/plugin-api/conformance';
import plugin from '../src/index.ts';

const request = { modelName: 'm' };

test('declares a routing-strategy plugin named random', () => {
  assert.is(plugin.kind, 'routing-strategy');
  assert.is(plugin.name, 'random');
});

test('the same seed gives the same order', () => {
  const list = ['a', 'b', 'c', 'd', 'e'].map((id) => routeCandidate(id));
  const one = plugin.create({ pluginOptions: {}, random: seededRandom(7) });
  const two = plugin.create({ pluginOptions: {}, random: seededRandom(7) });
  for (let i = 0; i < 10; i++) assert.equal(deploymentIds(one.order(list, request)), deploymentIds(two.order(list, request)));
});

test('every deployment of a tier comes first about equally often, whatever its weight', () => {
  const strategy = plugin.create({ pluginOptions: {}, random: seededRandom(1) });
  const list = [routeCandidate('a', { weight: 100 }), routeCandidate('b', { weight: 1 }), routeCandidate('c', { weight: 1 })];
  const firsts: Record<string, number> = { a: 0, b: 0, c: 0 };
  for (let i = 0; i < 3000; i++) firsts[strategy.order(list, request)[0]!.deploymentId]!++;
  for (const id of ['a', 'b', 'c']) assert.ok(firsts[id]! > 850 && firsts[id]! < 1150, `${id} first ${firsts[id]} times`);
});

test('a backup tier is never tried before the primary tier', () => {
  const strategy = plugin.create({ pluginOptions: {}, random: seededRandom(3) });
  const list = [routeCandidate('backup', { priority: 1 }), routeCandidate('p1'), routeCandidate('p2')];
  for (let i = 0; i < 200; i++) assert.is(strategy.order(list, request)[2]!.deploymentId, 'backup');
});

test.run();
