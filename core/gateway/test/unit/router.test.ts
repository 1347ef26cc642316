import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ProviderError, type RouteCandidate } from '@conduit/plugin-api';
import { Cancellation } from '@conduit/plugin-api/internal';
import { GatewayError } from '../../src/domain/gateway-error.ts';
import { UpstreamFailure } from '../../src/engine/routing/upstream-failure.ts';
import type { DeploymentRoute } from '../../src/engine/state/config-snapshot.ts';
import { key, registryWith, route, routerRig, snapshot } from '../support/router-fixtures.ts';

const server = (message = 'boom', extra: Partial<ConstructorParameters<typeof ProviderError>[0]> = {}) =>
  new ProviderError({ code: 'server', status: 500, message, ...extra });

/** An attempt function that answers per deployment id from a script, and remembers the calls. */
function scripted(script: Record<string, Array<Error | string>>) {
  const calls: string[] = [];
  const attempt = async (each: DeploymentRoute): Promise<string> => {
    calls.push(each.id);
    const next = script[each.id]?.shift() ?? `ok from ${each.id}`;
    if (next instanceof Error) throw next;
    return next;
  };
  return { calls, attempt };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

const two = [route({ id: 'first', model: 'm', priority: 0 }), route({ id: 'second', model: 'm', priority: 1 })];

test('a retryable failure moves on to the next deployment', async () => {
  const { router } = routerRig(snapshot(two));
  const { calls, attempt } = scripted({ first: [server()] });
  const result = await router.call(router.plan(key(), 'm', ['chat']), new Cancellation(), attempt);
  assert.equal(calls, ['first', 'second']);
  assert.is(result.value, 'ok from second');
  assert.is(result.attempts, 2);
  assert.is(result.route.id, 'second');
});

test('a non-retryable failure is the answer at once', async () => {
  const { router } = routerRig(snapshot(two));
  const { calls, attempt } = scripted({ first: [new ProviderError({ code: 'context_length', status: 400, message: 'too long' })] });
  const error = await failure(router.call(router.plan(key(), 'm', ['chat']), new Cancellation(), attempt));
  assert.instance(error, UpstreamFailure);
  assert.is((error as UpstreamFailure).error.code, 'context_length');
  assert.equal(calls, ['first']);
});

test('retries every deployment again after a backoff, up to maxRetries', async () => {
  const { router } = routerRig(snapshot(two, { maxRetries: 2, retryBaseDelayMs: 20, retryMaxDelayMs: 100 }));
  const { calls, attempt } = scripted({ first: [server(), server()], second: [server(), server()] });
  const started = performance.now();
  const result = await router.call(router.plan(key(), 'm', ['chat']), new Cancellation(), attempt);
  assert.equal(calls, ['first', 'second', 'first', 'second', 'first']);
  assert.is(result.attempts, 5);
  // Jitter is seeded at 0.5: 15 ms, then 30 ms.
  assert.ok(performance.now() - started >= 40, 'waited between passes');
});

test('gives up after maxRetries and returns the last failure', async () => {
  const { router } = routerRig(snapshot([two[0]!], { maxRetries: 1, retryBaseDelayMs: 1 }));
  const { calls, attempt } = scripted({ first: [server('one'), server('two'), server('three')] });
  const error = (await failure(router.call(router.plan(key(), 'm', ['chat']), new Cancellation(), attempt))) as UpstreamFailure;
  assert.is(error.error.message, 'two');
  assert.is(error.attempts, 2);
  assert.equal(calls, ['first', 'first']);
});

test('honours Retry-After within the bound', async () => {
  const { router } = routerRig(snapshot([two[0]!], { maxRetries: 1, retryBaseDelayMs: 1, retryMaxDelayMs: 500 }));
  const { attempt } = scripted({ first: [new ProviderError({ code: 'rate_limit', status: 429, message: 'slow down', retryAfterMs: 150 })] });
  const started = performance.now();
  await router.call(router.plan(key(), 'm', ['chat']), new Cancellation(), attempt);
  assert.ok(performance.now() - started >= 145, `waited ${performance.now() - started} ms`);
});

test('a Retry-After beyond the bound ends the retries: the client gets it', async () => {
  const { router } = routerRig(snapshot([two[0]!], { maxRetries: 3, retryBaseDelayMs: 1, retryMaxDelayMs: 500 }));
  const { calls, attempt } = scripted({ first: [new ProviderError({ code: 'rate_limit', status: 429, message: 'later', retryAfterMs: 60_000 })] });
  const error = (await failure(router.call(router.plan(key(), 'm', ['chat']), new Cancellation(), attempt))) as UpstreamFailure;
  assert.is(error.error.retryAfterMs, 60_000);
  assert.equal(calls, ['first']);
});

test('an abort during the backoff ends all retries', async () => {
  const { router } = routerRig(snapshot([two[0]!], { maxRetries: 5, retryBaseDelayMs: 10_000, retryMaxDelayMs: 10_000 }));
  const { calls, attempt } = scripted({ first: [server()] });
  const controller = new Cancellation();
  const pending = failure(router.call(router.plan(key(), 'm', ['chat']), controller, attempt));
  setTimeout(() => controller.abort(new Error('gone')), 20);
  const error = (await pending) as UpstreamFailure;
  assert.is(error.error.code, 'aborted');
  assert.equal(calls, ['first']);
});

test('an abort while a deployment is called ends everything: no next deployment', async () => {
  const { router } = routerRig(snapshot(two, { maxRetries: 3 }));
  const controller = new Cancellation();
  const calls: string[] = [];
  const error = (await failure(
    router.call(router.plan(key(), 'm', ['chat']), controller, async (each) => {
      calls.push(each.id);
      controller.abort(new Error('gone'));
      throw new ProviderError({ code: 'aborted', message: 'aborted', retryable: false });
    }),
  )) as UpstreamFailure;
  assert.is(error.error.code, 'aborted');
  assert.equal(calls, ['first']);
});

test('fallback models are tried after every deployment of the model failed', async () => {
  const routes = [...two, route({ id: 'backup-model', model: 'backup' })];
  const { router } = routerRig(snapshot(routes, {}, { m: ['backup'] }));
  const { calls, attempt } = scripted({ first: [server()], second: [server()] });
  const result = await router.call(router.plan(key(['m']), 'm', ['chat']), new Cancellation(), attempt);
  assert.equal(calls, ['first', 'second', 'backup-model']);
  assert.is(result.route.modelName, 'backup');
});

test('a fallback chain that loops back tries each model once and ends', async () => {
  const routes = [route({ id: 'a1', model: 'a' }), route({ id: 'b1', model: 'b' })];
  const { router } = routerRig(snapshot(routes, { maxRetries: 0 }, { a: ['b'], b: ['a'] }));
  const { calls, attempt } = scripted({ a1: [server()], b1: [server()] });
  const error = await failure(router.call(router.plan(key(), 'a', ['chat']), new Cancellation(), attempt));
  assert.instance(error, UpstreamFailure);
  assert.equal(calls, ['a1', 'b1']);
});

test('an open breaker skips its deployment; when all are open the answer is 503 with Retry-After', async () => {
  const { router, breakers } = routerRig(snapshot(two, { breakerFailureThreshold: 1, breakerCooldownMs: 5_000 }));
  const { calls, attempt } = scripted({ first: [server()] });
  await router.call(router.plan(key(), 'm', ['chat']), new Cancellation(), attempt);
  assert.is(breakers.view('first').state, 'open');
  await router.call(router.plan(key(), 'm', ['chat']), new Cancellation(), attempt);
  assert.equal(calls, ['first', 'second', 'second'], 'the open deployment is skipped');

  breakers.forceOpen('second', { ...snapshot(two).router.settings, breakerCooldownMs: 5_000 });
  const error = (await failure(router.call(router.plan(key(), 'm', ['chat']), new Cancellation(), attempt))) as GatewayError;
  assert.instance(error, GatewayError);
  assert.is(error.status, 503);
  assert.is(error.code, 'no_healthy_deployment');
  assert.ok(Number(error.headers['retry-after']) >= 4);
});

test('no retry waits when every deployment is out of rotation anyway', async () => {
  const { router } = routerRig(snapshot(two, { maxRetries: 3, retryBaseDelayMs: 10_000, retryMaxDelayMs: 10_000, breakerFailureThreshold: 1 }));
  const { calls, attempt } = scripted({ first: [server()], second: [server()] });
  const started = performance.now();
  const error = await failure(router.call(router.plan(key(), 'm', ['chat']), new Cancellation(), attempt));
  assert.instance(error, UpstreamFailure);
  assert.equal(calls, ['first', 'second']);
  assert.ok(performance.now() - started < 1000, 'returned without a backoff');
});

test('a stream counts as in flight until finish; a mid-stream failure counts against the deployment', async () => {
  const { router, stats, breakers } = routerRig(snapshot([two[0]!], { breakerFailureThreshold: 1 }));
  const opened = await router.open(router.plan(key(), 'm', ['chat']), new Cancellation(), async () => 'stream');
  assert.is(stats.stats('first', 60_000, 'unknown').inFlight, 1);
  opened.finish(new ProviderError({ code: 'connection', message: 'broke', phase: 'mid-stream' }));
  opened.finish();
  assert.is(stats.stats('first', 60_000, 'unknown').inFlight, 0);
  assert.is(breakers.view('first').state, 'open');
});

test('an error thrown by the gateway, not the provider, is the answer at once and never counts against the deployment', async () => {
  const { router, breakers, stats } = routerRig(snapshot(two, { breakerFailureThreshold: 1, maxRetries: 2, retryBaseDelayMs: 1 }));
  // What JSON.stringify throws for a body nested too deep: a local failure, not the provider's.
  const overflow = new RangeError('Maximum call stack size exceeded');
  for (let round = 0; round < 5; round++) {
    const { calls, attempt } = scripted({ first: [overflow] });
    const error = await failure(router.call(router.plan(key(), 'm', ['chat']), new Cancellation(), attempt));
    assert.is(error, overflow);
    assert.equal(calls, ['first'], 'no other deployment is tried for it');
  }
  assert.is(breakers.view('first').state, 'closed');
  assert.is(stats.stats('first', 60_000, 'unknown').inFlight, 0);

  const opened = await router.open(router.plan(key(), 'm', ['chat']), new Cancellation(), async () => 'stream');
  opened.finish(new TypeError('a bug while relaying'));
  assert.is(breakers.view('first').state, 'closed', 'nor mid-stream');

  const socket = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
  const { calls, attempt } = scripted({ first: [socket] });
  await router.call(router.plan(key(), 'm', ['chat']), new Cancellation(), attempt);
  assert.equal(calls, ['first', 'second'], 'a socket failure still is the provider’s');
  assert.is(breakers.view('first').state, 'open');
});

test('the model’s strategy orders the candidates, with live stats', async () => {
  const seen: RouteCandidate[][] = [];
  const reverse = {
    apiVersion: 1,
    kind: 'routing-strategy',
    name: 'reverse',
    version: '1.0.0',
    create: () => ({
      order: <C extends RouteCandidate>(candidates: readonly C[]) => {
        seen.push([...candidates]);
        return [...candidates].reverse();
      },
    }),
  };
  const routes = [route({ id: 'x', model: 'm' }), route({ id: 'y', model: 'm' })];
  const { router } = routerRig(snapshot(routes, { modelStrategies: { m: 'reverse' } }), registryWith(reverse));
  const { calls, attempt } = scripted({});
  await router.call(router.plan(key(), 'm', ['chat']), new Cancellation(), attempt);
  assert.equal(calls, ['y']);
  assert.is(seen[0]![0]!.stats.health, 'unknown');
  assert.is(seen[0]![0]!.modelName, 'm');
});

test('a strategy that throws or drops candidates cannot lose a deployment', async () => {
  const broken = { name: 'broken', create: () => ({ order: () => { throw new Error('bug'); } }) };
  const lossy = { name: 'lossy', create: () => ({ order: <C>(candidates: readonly C[]) => [candidates[1], candidates[1]] }) };
  const routes = [route({ id: 'x', model: 'm' }), route({ id: 'y', model: 'm' })];
  for (const name of ['broken', 'lossy']) {
    const { router } = routerRig(snapshot(routes, { defaultStrategy: name, maxRetries: 0 }), registryWith(broken, lossy));
    const { calls, attempt } = scripted({ x: [server()], y: [server()] });
    await failure(router.call(router.plan(key(), 'm', ['chat']), new Cancellation(), attempt));
    assert.equal([...calls].sort(), ['x', 'y'], `${name}: both deployments tried once`);
  }
});

test.run();
