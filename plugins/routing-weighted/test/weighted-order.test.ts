import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { deploymentIds, routeCandidate, seededRandom } from '@conduit/plugin-api/conformance';
import plugin from '../src/index.ts';

const request = { modelName: 'm' };

test('declares a routing-strategy plugin named weighted', () => {
  assert.is(plugin.kind, 'routing-strategy');
  assert.is(plugin.name, 'weighted');
});

test('within a tier, the first pick follows the weights', () => {
  const strategy = plugin.create({ pluginOptions: {}, random: seededRandom(11) });
  const list = [routeCandidate('heavy', { weight: 3 }), routeCandidate('light', { weight: 1 })];
  let heavy = 0;
  for (let i = 0; i < 4000; i++) if (strategy.order(list, request)[0]!.deploymentId === 'heavy') heavy++;
  const share = heavy / 4000;
  assert.ok(share > 0.72 && share < 0.78, `heavy first in ${share} of orders`);
});

test('a zero-weight deployment comes last in its tier, before the next tier', () => {
  const strategy = plugin.create({ pluginOptions: {}, random: seededRandom(5) });
  const list = [routeCandidate('zero', { weight: 0 }), routeCandidate('one'), routeCandidate('two', { weight: 2 }), routeCandidate('backup', { priority: 1 })];
  for (let i = 0; i < 100; i++) {
    const ordered = deploymentIds(strategy.order(list, request));
    assert.equal(ordered.slice(2), ['zero', 'backup']);
  }
});

test('the same seed gives the same order', () => {
  const list = ['a', 'b', 'c', 'd'].map((id, index) => routeCandidate(id, { weight: index + 1 }));
  const one = plugin.create({ pluginOptions: {}, random: seededRandom(9) });
  const two = plugin.create({ pluginOptions: {}, random: seededRandom(9) });
  for (let i = 0; i < 10; i++) assert.equal(deploymentIds(one.order(list, request)), deploymentIds(two.order(list, request)));
});

test.run();
