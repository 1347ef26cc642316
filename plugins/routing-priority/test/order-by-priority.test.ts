import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { deploymentIds, routeCandidate } from '@conduit/plugin-api/conformance';
import plugin from '../src/index.ts';

const strategy = plugin.create({ pluginOptions: {}, random: () => { throw new Error('priority must not use randomness'); } });
const request = { modelName: 'm' };

test('declares a routing-strategy plugin named priority', () => {
  assert.is(plugin.kind, 'routing-strategy');
  assert.is(plugin.name, 'priority');
  assert.is(plugin.apiVersion, 1);
});

test('lowest priority value first', () => {
  const ordered = strategy.order([routeCandidate('c', { priority: 3 }), routeCandidate('a', { priority: -1 }), routeCandidate('b', { priority: 2 })], request);
  assert.equal(deploymentIds(ordered), ['a', 'b', 'c']);
});

test('ties by weight, heaviest first', () => {
  const ordered = strategy.order([routeCandidate('light', { weight: 1 }), routeCandidate('heavy', { weight: 5 }), routeCandidate('backup', { priority: 1, weight: 9 })], request);
  assert.equal(deploymentIds(ordered), ['heavy', 'light', 'backup']);
});

test('equal priority and weight keep the configured order, every time', () => {
  const list = [routeCandidate('first'), routeCandidate('second'), routeCandidate('third')];
  for (let i = 0; i < 5; i++) assert.equal(deploymentIds(strategy.order(list, request)), ['first', 'second', 'third']);
});

test('returns each candidate once and does not change the input', () => {
  const list = [routeCandidate('b', { priority: 1 }), routeCandidate('a')];
  const ordered = strategy.order(list, request);
  assert.is(ordered.length, 2);
  assert.equal(deploymentIds(list), ['b', 'a']);
  assert.is(ordered[0], list[1]);
});

test.run();
