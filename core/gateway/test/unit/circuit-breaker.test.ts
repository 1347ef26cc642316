import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CircuitBreakers, type BreakerTransition } from '../../src/engine/routing/circuit-breaker.ts';
import { DeploymentStatsBook } from '../../src/engine/routing/deployment-stats.ts';
import { defaultRouterSettings } from '../../src/engine/routing/router-settings.ts';

const settings = { ...defaultRouterSettings, breakerFailureThreshold: 3, breakerCooldownMs: 1000, breakerMinRequests: 10, breakerErrorRate: 0.5 };
const target = { id: 'd', provider: { id: 'p' } };

function rig(options: { probeAllowed?: (providerId: string, openedAt: number) => boolean } = {}) {
  let now = 10_000;
  const transitions: BreakerTransition[] = [];
  const stats = new DeploymentStatsBook(() => now);
  const breakers = new CircuitBreakers({
    stats,
    now: () => now,
    probeAllowed: options.probeAllowed,
    onTransition: (transition) => transitions.push(transition),
  });
  const fail = () => {
    stats.failed(target.id, settings.breakerWindowMs);
    breakers.failed(target, settings);
  };
  const succeed = () => {
    stats.succeeded(target.id, 10, settings.breakerWindowMs);
    breakers.succeeded(target);
  };
  return { breakers, transitions, fail, succeed, advance: (ms: number) => void (now += ms), now: () => now };
}

test('opens after the consecutive-failure threshold and skips the deployment', () => {
  const { breakers, fail, transitions, now } = rig();
  fail();
  fail();
  assert.ok(breakers.tryEnter(target, settings), 'still closed after two failures');
  fail();
  assert.is(breakers.view('d').state, 'open');
  assert.not.ok(breakers.tryEnter(target, settings));
  assert.equal(transitions, [{ deploymentId: 'd', state: 'open', retryAt: now() + 1000 }]);
});

test('a success resets the consecutive count', () => {
  const { breakers, fail, succeed } = rig();
  fail();
  fail();
  succeed();
  fail();
  fail();
  assert.is(breakers.view('d').state, 'closed');
});

test('opens on the error rate over the window once it holds enough attempts', () => {
  const { breakers, fail, succeed } = rig();
  for (let i = 0; i < 5; i++) {
    succeed();
    fail();
  }
  assert.is(breakers.view('d').state, 'open', '5 failures in 10 attempts is a 50% error rate');
});

test('after the cool-down one probe is let through; its success closes the breaker', () => {
  const { breakers, fail, succeed, advance, transitions } = rig();
  for (let i = 0; i < 3; i++) fail();
  advance(999);
  assert.not.ok(breakers.tryEnter(target, settings));
  advance(1);
  assert.ok(breakers.tryEnter(target, settings), 'the probe');
  assert.is(breakers.view('d').state, 'half-open');
  assert.not.ok(breakers.tryEnter(target, settings), 'only one probe at a time');
  succeed();
  assert.is(breakers.view('d').state, 'closed');
  assert.ok(breakers.tryEnter(target, settings));
  assert.equal(transitions.at(-1), { deploymentId: 'd', state: 'closed' });
});

test('a failed probe opens the breaker again for another cool-down', () => {
  const { breakers, fail, advance } = rig();
  for (let i = 0; i < 3; i++) fail();
  advance(1000);
  assert.ok(breakers.tryEnter(target, settings));
  fail();
  assert.is(breakers.view('d').state, 'open');
  assert.not.ok(breakers.tryEnter(target, settings));
  advance(1000);
  assert.ok(breakers.tryEnter(target, settings));
});

test('a probe that says nothing (aborted, a 400) frees the slot for the next request', () => {
  const { breakers, fail, advance } = rig();
  for (let i = 0; i < 3; i++) fail();
  advance(1000);
  assert.ok(breakers.tryEnter(target, settings));
  breakers.released(target);
  assert.ok(breakers.tryEnter(target, settings));
});

test('the probe request can be held back past the cool-down (health checks: until one passed since the opening)', () => {
  let passedAt = 0;
  const { breakers, fail, advance, now } = rig({ probeAllowed: (providerId, openedAt) => providerId === 'p' && passedAt >= openedAt });
  for (let i = 0; i < 3; i++) fail();
  advance(60_000);
  assert.not.ok(breakers.tryEnter(target, settings));
  passedAt = now();
  assert.ok(breakers.tryEnter(target, settings));
});

test('health checks open a breaker at once and let it probe as soon as the provider is back', () => {
  const { breakers, advance } = rig();
  breakers.forceOpen('d', settings);
  assert.not.ok(breakers.tryEnter(target, settings));
  advance(10);
  breakers.allowProbeNow('d');
  assert.ok(breakers.tryEnter(target, settings));
});

test('transitions from other instances apply without being published again', () => {
  const { breakers, transitions, now } = rig();
  breakers.apply({ deploymentId: 'd', state: 'open', retryAt: now() + 5000 });
  assert.not.ok(breakers.tryEnter(target, settings));
  breakers.apply({ deploymentId: 'd', state: 'closed' });
  assert.ok(breakers.tryEnter(target, settings));
  assert.equal(transitions, []);
});

test('a disabled breaker never opens', () => {
  const { breakers } = rig();
  const off = { ...settings, breakerEnabled: false };
  for (let i = 0; i < 10; i++) breakers.failed(target, off);
  breakers.forceOpen('d', off);
  assert.ok(breakers.tryEnter(target, off));
});

test.run();
