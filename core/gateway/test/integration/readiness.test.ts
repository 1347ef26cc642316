/**
 * /health/ready against dependencies that hang rather than fail: a real MariaDB and a real Redis
 * behind a proxy that stops passing bytes. The probe answers 503 within its bound, naming the
 * dependency, instead of hanging with it; once the dependency answers again, it is ready again.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startMariaDb, startRedis } from '../../../../test/support/services.ts';
import { startPausableTcpProxy, type PausableTcpProxy } from '../support/pausable-tcp-proxy.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';

const test = suite('readiness');
const mariaDb = await startMariaDb();
const redis = await startRedis();
if (!mariaDb || !redis) throw new Error('these tests need MariaDB and Redis installed');
test.after(async () => {
  await mariaDb.stop();
  await redis.stop();
});

interface ReadyAnswer {
  status: number;
  body: { status: string; checks: Record<string, string>; failing?: string[] };
  ms: number;
}

async function ready(harness: TestGateway): Promise<ReadyAnswer> {
  const started = Date.now();
  // The bound the probe itself must keep is 2 s; give it 6 before calling it a hang.
  const response = await fetch(`${harness.url}/health/ready`, { signal: AbortSignal.timeout(6_000) });
  return { status: response.status, body: (await response.json()) as ReadyAnswer['body'], ms: Date.now() - started };
}

async function withProxiedGateway(
  through: 'database' | 'redis',
  body: (harness: TestGateway, proxy: PausableTcpProxy) => Promise<void>,
): Promise<void> {
  const databaseUrl = await mariaDb!.createDatabase(`conduit_ready_${through}`);
  const proxy = await startPausableTcpProxy(through === 'database' ? mariaDb!.port : redis!.port);
  const proxied = (url: string, port: number) => url.replace(`:${port}`, `:${proxy.port}`);
  const harness = await startTestGateway({
    databaseUrl: through === 'database' ? proxied(databaseUrl, mariaDb!.port) : databaseUrl,
    env: { REDIS_URL: through === 'redis' ? proxied(redis!.url, redis!.port) : redis!.url },
  });
  try {
    await body(harness, proxy);
  } finally {
    proxy.resume();
    await harness.close();
    await proxy.close();
  }
}

test('a database that hangs: /health/ready answers 503 within about 2 s, naming the database', async () => {
  await withProxiedGateway('database', async (harness, proxy) => {
    const before = await ready(harness);
    assert.is(before.status, 200);
    assert.equal(before.body.checks, { database: 'up', redis: 'up', plugins: 'up' });

    proxy.hang();
    const hung = await ready(harness);
    assert.is(hung.status, 503);
    assert.equal(hung.body.failing, ['database']);
    assert.is(hung.body.checks.database, 'timeout');
    assert.is(hung.body.checks.redis, 'up');
    assert.ok(hung.ms >= 1_900 && hung.ms < 3_000, `answered after ${hung.ms} ms`);
    // A second probe while the first query still hangs is bounded the same way.
    const again = await ready(harness);
    assert.is(again.status, 503);
    assert.ok(again.ms < 3_000);

    proxy.resume();
    assert.is((await ready(harness)).status, 200);
  });
});

test('a Redis that hangs: /health/ready answers 503 within about 2 s, naming redis', async () => {
  await withProxiedGateway('redis', async (harness, proxy) => {
    assert.is((await ready(harness)).status, 200);
    proxy.hang();
    const hung = await ready(harness);
    assert.is(hung.status, 503);
    assert.equal(hung.body.failing, ['redis']);
    assert.is(hung.body.checks.database, 'up');
    assert.ok(hung.ms < 3_000, `answered after ${hung.ms} ms`);
    proxy.resume();
    assert.is((await ready(harness)).status, 200);
  });
});

test.run();
