/**
 * The cluster primary as a real process tree (CONDUIT_WORKERS=2 with a real Redis): it outlives the
 * death of every worker at once, and when workers cannot start it fails loudly (non-zero) so a
 * supervisor restarts it, instead of exiting 0 as if asked to stop.
 */
import { writeFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { freePort, makeTempDir, startRedis, type RedisServer } from '../../../../test/support/services.ts';
import { repositoryRoot, spawnGateway, waitUntilReady, type GatewayProcess } from '../support/gateway-process.ts';

const test = suite('the cluster primary');
const redis: RedisServer | null = await startRedis();
test.after(async () => {
  await redis?.stop();
});

async function workerPids(gateway: GatewayProcess): Promise<number[]> {
  const text = await readFile(`/proc/${gateway.child.pid}/task/${gateway.child.pid}/children`, 'utf8').catch(() => '');
  return text.trim().split(/\s+/).filter(Boolean).map(Number);
}

async function waitForWorkers(gateway: GatewayProcess, count: number, except: readonly number[] = []): Promise<number[]> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const pids = (await workerPids(gateway)).filter((pid) => !except.includes(pid));
    if (pids.length >= count) return pids;
    if (gateway.child.exitCode !== null) throw new Error(`the primary exited (${gateway.child.exitCode}):\n${gateway.output()}`);
    if (Date.now() > deadline) throw new Error(`workers did not start:\n${gateway.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function startCluster(env: Record<string, string> = {}): Promise<GatewayProcess> {
  return freePort().then((port) =>
    spawnGateway({
      PORT: String(port),
      CONDUIT_DATA_DIR: makeTempDir('cluster'),
      CONDUIT_WORKERS: '2',
      REDIS_URL: redis!.url,
      CONDUIT_MASTER_KEY: 'cluster-test-master-key-123456',
      // Four young deaths before the primary gives up would otherwise wait 0.5 + 1 + 2 + 4 s.
      CONDUIT_WORKER_RESTART_SECONDS: '0.05',
      ...env,
    }),
  );
}

if (!redis) throw new Error('these tests need redis-server (CONDUIT_WORKERS > 1 requires REDIS_URL)');

/** Runs `body`, then kills what is left of the process tree, so a failure never leaves workers holding the test open. */
async function withCluster(env: Record<string, string>, body: (gateway: GatewayProcess) => Promise<void>): Promise<void> {
  const gateway = await startCluster(env);
  try {
    await body(gateway);
  } finally {
    const left = await workerPids(gateway);
    for (const pid of [gateway.child.pid!, ...left]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

// Two workers compiling TypeScript on a busy 2-core machine can take a while.
const startupMs = 90_000;

test('when every worker dies at once, the primary stays up and starts new ones', async () => {
  await withCluster({}, async (gateway) => {
    await waitUntilReady(gateway, startupMs);
    const first = await waitForWorkers(gateway, 2);
    for (const pid of first) process.kill(pid, 'SIGKILL');
    const replaced = await waitForWorkers(gateway, 2, first);
    assert.is(replaced.length, 2);
    assert.is(gateway.child.exitCode, null, 'the primary is still running');
    await waitUntilReady(gateway, startupMs);
    assert.is(await gateway.stop(), 0);
  });
});

test('when workers keep dying at start, the primary gives up with a non-zero exit code', async () => {
  const pluginsDir = makeTempDir('cluster-plugins');
  const pluginsFile = path.join(pluginsDir, 'plugins.json');
  writeFileSync(
    pluginsFile,
    JSON.stringify({ plugins: [{ module: path.join(repositoryRoot, 'plugins/provider-openai') }, { module: path.join(repositoryRoot, 'plugins/routing-weighted') }] }),
  );
  await withCluster({ CONDUIT_PLUGINS: pluginsFile }, async (gateway) => {
    await waitUntilReady(gateway, startupMs);
    const first = await waitForWorkers(gateway, 2);
    // From now on every new worker fails its start (the plugin registry is gone).
    rmSync(pluginsFile);
    for (const pid of first) process.kill(pid, 'SIGKILL');
    let timer: NodeJS.Timeout | undefined;
    const stillRunning = new Promise<'still running'>((resolve) => (timer = setTimeout(() => resolve('still running'), 90_000)));
    // Cleared, or it would keep this file's process up for the rest of the 90 s after the last test.
    const code = await Promise.race([gateway.exited, stillRunning]).finally(() => clearTimeout(timer));
    assert.ok(code !== 'still running', `the primary should give up:\n${gateway.output()}`);
    assert.ok(code !== 0 && code !== null, `exit code ${String(code)}`);
    assert.match(gateway.output(), /giving up/);
  });
});

test.run();
