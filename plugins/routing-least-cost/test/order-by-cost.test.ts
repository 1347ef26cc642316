import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { deploymentIds, routeCandidate, seededRandom } from '@conduit/plugin-api/conformance';
import plugin from '../src/index.ts';

const price = (inputPerMillion: number, outputPerMillion: number) => ({ inputPerMillion, outputPerMillion });

test('declares a routing-strategy plugin named least-cost', () => {
  assert.is(plugin.kind, 'routing-strategy');
  assert.is(plugin.name, 'least-cost');
});

test('the cheapest deployment first; unpriced ones last', () => {
  const strategy = plugin.create({ pluginOptions: {}, random: seededRandom() });
  const list = [routeCandidate('unpriced'), routeCandidate('dear', { price: price(10, 30) }), routeCandidate('cheap', { price: price(0.15, 0.6) })];
  assert.equal(deploymentIds(strategy.order(list, { modelName: 'm' })), ['cheap', 'dear', 'unpriced']);
});

test('the token counts decide between cheap input and cheap output', () => {
  const strategy = plugin.create({ pluginOptions: {}, random: seededRandom() });
  const cheapInput = routeCandidate('cheap-input', { price: price(1, 20) });
  const cheapOutput = routeCandidate('cheap-output', { price: price(5, 2) });
  const longPrompt = { modelName: 'm', promptTokens: 100_000, maxOutputTokens: 100 };
  const longAnswer = { modelName: 'm', promptTokens: 100, maxOutputTokens: 4000 };
  assert.is(strategy.order([cheapOutput, cheapInput], longPrompt)[0]!.deploymentId, 'cheap-input');
  assert.is(strategy.order([cheapInput, cheapOutput], longAnswer)[0]!.deploymentId, 'cheap-output');
});

test('equal prices share the load at random (seeded)', () => {
  const strategy = plugin.create({ pluginOptions: {}, random: seededRandom(21) });
  const list = [routeCandidate('a', { price: price(1, 1) }), routeCandidate('b', { price: price(1, 1) })];
  let a = 0;
  for (let i = 0; i < 1000; i++) if (strategy.order(list, { modelName: 'm' })[0]!.deploymentId === 'a') a++;
  assert.ok(a > 400 && a < 600, `a first ${a} times`);
});

test('a cheaper backup does not jump ahead of the primary tier', () => {
  const strategy = plugin.create({ pluginOptions: {}, random: seededRandom() });
  const list = [routeCandidate('backup', { priority: 1, price: price(0, 0) }), routeCandidate('primary', { price: price(50, 50) })];
  assert.equal(deploymentIds(strategy.order(list, { modelName: 'm' })), ['primary', 'backup']);
});

test.run();
