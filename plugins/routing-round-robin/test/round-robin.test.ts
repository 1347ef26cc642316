import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { deploymentIds, routeCandidate, seededRandom } from '@conduit/plugin-api/conformance';
import plugin from '../src/index.ts';

test('declares a routing-strategy plugin named round-robin', () => {
  assert.is(plugin.kind, 'routing-strategy');
  assert.is(plugin.name, 'round-robin');
});

test('deployments take turns being first', () => {
  const strategy = plugin.create({ pluginOptions: {}, random: seededRandom() });
  const list = [routeCandidate('a'), routeCandidate('b'), routeCandidate('c')];
  const orders = [1, 2, 3, 4].map(() => deploymentIds(strategy.order(list, { modelName: 'm' })));
  assert.equal(orders, [
    ['a', 'b', 'c'],
    ['b', 'c', 'a'],
    ['c', 'a', 'b'],
    ['a', 'b', 'c'],
  ]);
});

test('each model name keeps its own turn', () => {
  const strategy = plugin.create({ pluginOptions: {}, random: seededRandom() });
  const list = [routeCandidate('a'), routeCandidate('b')];
  assert.is(strategy.order(list, { modelName: 'one' })[0]!.deploymentId, 'a');
  assert.is(strategy.order(list, { modelName: 'one' })[0]!.deploymentId, 'b');
  assert.is(strategy.order(list, { modelName: 'two' })[0]!.deploymentId, 'a');
});

test('turns rotate within the primary tier; the backup tier stays last', () => {
  const strategy = plugin.create({ pluginOptions: {}, random: seededRandom() });
  const list = [routeCandidate('backup', { priority: 5 }), routeCandidate('a'), routeCandidate('b')];
  assert.equal(deploymentIds(strategy.order(list, { modelName: 'm' })), ['a', 'b', 'backup']);
  assert.equal(deploymentIds(strategy.order(list, { modelName: 'm' })), ['b', 'a', 'backup']);
});

test.run();
