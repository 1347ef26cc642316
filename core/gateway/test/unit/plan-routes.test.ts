import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GatewayError } from '../../src/domain/gateway-error.ts';
import { planRoutes, type RouteFit } from '../../src/engine/routing/plan-routes.ts';
import { key, route, snapshot } from '../support/router-fixtures.ts';

function refusal(run: () => unknown): GatewayError {
  try {
    run();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a GatewayError');
}

const routes = [
  route({ id: 'a1', model: 'a' }),
  route({ id: 'a2', model: 'a', capabilities: { vision: false } }),
  route({ id: 'b1', model: 'b', capabilities: { vision: false } }),
  route({ id: 'c1', model: 'c' }),
  route({ id: 't1', model: 'text-only', capabilities: { vision: false } }),
];
const config = snapshot(routes, {}, { a: ['b', 'c'], 'text-only': ['c'] });

test('403 when the key may not use the model, 404 when it does not exist', () => {
  assert.is(refusal(() => planRoutes(config, key(['b']), 'a', ['chat'])).status, 403);
  assert.is(refusal(() => planRoutes(config, key(), 'nope', ['chat'])).code, 'model_not_found');
});

test('the requested model comes first, then its fallbacks, each with its deployments', () => {
  const plan = planRoutes(config, key(), 'a', ['chat']);
  assert.equal(plan.steps.map((step) => [step.modelName, step.routes.map((each) => each.id)]), [
    ['a', ['a1', 'a2']],
    ['b', ['b1']],
    ['c', ['c1']],
  ]);
  assert.equal(plan.routes.map((each) => each.id), ['a1', 'a2', 'b1', 'c1']);
});

test('capability filtering applies to fallback models too', () => {
  const plan = planRoutes(config, key(), 'a', ['chat', 'vision']);
  assert.equal(plan.steps.map((step) => [step.modelName, step.routes.map((each) => each.id)]), [
    ['a', ['a1']],
    ['c', ['c1']],
  ]);
});

test('a requested model that lacks the capability is a 400, even when a fallback has it', () => {
  const refused = refusal(() => planRoutes(config, key(), 'text-only', ['vision']));
  assert.is(refused.status, 400);
  assert.is(refused.code, 'unsupported_capability');
});

test("fallbacks serve a key allowed the requested model, even when the key does not list them", () => {
  const plan = planRoutes(config, key(['a']), 'a', ['chat']);
  assert.equal(plan.steps.map((step) => step.modelName), ['a', 'b', 'c']);
  assert.is(refusal(() => planRoutes(config, key(['a']), 'b', ['chat'])).status, 403, 'asking for the fallback by name still needs it allowed');
});

test('rules that loop back are reported and not followed', () => {
  const looping = snapshot(routes, {}, { a: ['b'], b: ['a'] });
  const plan = planRoutes(looping, key(), 'a', ['chat']);
  assert.equal(plan.steps.map((step) => step.modelName), ['a', 'b']);
  assert.equal(plan.loopsBack, ['b -> a']);
});

test('a fit filter: deployments that fit as they are serve; adapted ones only when none does; none names what is missing', () => {
  const fits: Record<string, RouteFit> = { a1: 'adapted', a2: true, b1: true, c1: { lacks: "the voice 'x'", param: 'voice' } };
  const fit = (candidate: { id: string }) => fits[candidate.id] ?? true;
  const plan = planRoutes(config, key(), 'a', ['chat'], {}, fit);
  assert.equal(plan.steps.map((step) => [step.modelName, step.routes.map((each) => each.id)]), [
    ['a', ['a2']],
    ['b', ['b1']],
  ]);
  fits.a2 = { lacks: 'mp3 files', param: 'file' };
  assert.equal(planRoutes(config, key(), 'a', ['chat'], {}, fit).steps[0]!.routes.map((each) => each.id), ['a1']);
  fits.a1 = { lacks: "the language 'de'", param: 'language' };
  const refused = refusal(() => planRoutes(config, key(), 'a', ['chat'], {}, fit));
  assert.is(refused.status, 400);
  assert.is(refused.code, 'unsupported_capability');
  assert.is(refused.param, 'language');
  assert.is(refused.message, "No deployment of the model 'a' can serve this request: the language 'de'; mp3 files.");
});

test.run();
