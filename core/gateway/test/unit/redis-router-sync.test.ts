/** Router state shared between instances through a real Redis server (skipped when Redis is not installed). */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startRedis, type RedisServer } from '../../../../test/support/services.ts';
import { createLogger } from '../../src/infrastructure/logging/logger.ts';
import { CircuitBreakers, type BreakerTransition } from '../../src/engine/routing/circuit-breaker.ts';
import { DeploymentStatsBook } from '../../src/engine/routing/deployment-stats.ts';
import { createRedisRouterSync } from '../../src/engine/routing/redis-router-sync.ts';
import type { RouterSync } from '../../src/engine/routing/router-sync.ts';
import { defaultRouterSettings } from '../../src/engine/routing/router-settings.ts';

const settings = { ...defaultRouterSettings, breakerFailureThreshold: 1, breakerCooldownMs: 60_000 };
const target = { id: 'deployment-1', provider: { id: 'provider-1' } };
const logger = createLogger('silent');

interface Instance {
  sync: RouterSync;
  breakers: CircuitBreakers;
  /** Resolves with the next transition applied from another instance. */
  nextRemote(): Promise<BreakerTransition>;
}

async function instance(redis: RedisServer, prefix: string): Promise<Instance> {
  const sync = createRedisRouterSync({ redisUrl: redis.url, logger, prefix });
  const breakers = new CircuitBreakers({ stats: new DeploymentStatsBook(), onTransition: (transition) => sync.publishBreaker(transition) });
  let waiting: Array<(transition: BreakerTransition) => void> = [];
  await sync.onBreaker((transition) => {
    breakers.apply(transition);
    const ready = waiting;
    waiting = [];
    for (const resolve of ready) resolve(transition);
  });
  return { sync, breakers, nextRemote: () => new Promise((resolve) => waiting.push(resolve)) };
}

const redis = await startRedis();
const test = suite<{ instances: Instance[] }>('router state through Redis');

if (redis) {
  let counter = 0;
  const pair = async (context: { instances: Instance[] }) => {
    const prefix = `test-${++counter}`;
    const made = await Promise.all([instance(redis, prefix), instance(redis, prefix)]);
    context.instances.push(...made);
    return made as [Instance, Instance];
  };

  test.before((context) => {
    context.instances = [];
  });

  test.after(async ({ instances }) => {
    try {
      await Promise.all(instances.map((each) => each.sync.close()));
      await redis.stop();
    } catch (error) {
      console.error(error);
      throw error;
    }
  });

  test('a breaker opened on one instance is skipped on the other; closing it there reopens the way', async (context) => {
    const [a, b] = await pair(context);
    const opened = b.nextRemote();
    a.breakers.failed(target, settings);
    assert.equal((await opened).state, 'open');
    assert.not.ok(b.breakers.tryEnter(target, settings), 'instance b skips the deployment too');

    const closed = b.nextRemote();
    a.breakers.allowProbeNow(target.id);
    assert.ok(a.breakers.tryEnter(target, settings), 'a takes the half-open probe');
    a.breakers.succeeded(target);
    assert.equal((await closed).state, 'closed');
    assert.ok(b.breakers.tryEnter(target, settings));
  });

  test('an instance that starts later learns which breakers are open', async (context) => {
    const [a] = await pair(context);
    a.breakers.forceOpen('deployment-2', settings);
    const late = createRedisRouterSync({ redisUrl: redis.url, logger, prefix: `test-${counter}` });
    context.instances.push({ sync: late } as Instance);
    let open: BreakerTransition[] = [];
    for (let tries = 0; tries < 50 && open.length === 0; tries++) open = await late.openBreakers();
    assert.equal(open.map((each) => [each.deploymentId, each.state]), [['deployment-2', 'open']]);
  });

  test('statistics are exchanged: each instance sees the others’ figures, not its own', async (context) => {
    const [a, b] = await pair(context);
    assert.equal(await a.sync.exchangeStats({ d: { requests: 3, failures: 1, inFlight: 2, latencyMs: 120 } }), []);
    const seen = await b.sync.exchangeStats({ d: { requests: 1, failures: 0, inFlight: 0 } });
    assert.equal(seen, [{ d: { requests: 3, failures: 1, inFlight: 2, latencyMs: 120 } }]);
    const book = new DeploymentStatsBook();
    book.setRemote(seen);
    assert.is(book.stats('d', 60_000, 'up').inFlight, 2);
  });

  test('a periodic job lock goes to one instance per period', async (context) => {
    const [a, b] = await pair(context);
    const results = await Promise.all([a.sync.tryLock('health:p', 5_000), b.sync.tryLock('health:p', 5_000)]);
    assert.equal(results.sort(), [false, true]);
  });
} else {
  test('Redis is not installed', () => {});
}

test.run();
