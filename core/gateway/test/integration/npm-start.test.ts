/**
 * The README's start command as a supervisor runs it: `npm start`, then SIGTERM to that process
 * (what `docker stop`, systemd and Kubernetes send to the main process). The gateway must get the
 * signal, drain and exit — not be orphaned serving on its port after npm has gone.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { freePort, makeTempDir } from '../../../../test/support/services.ts';
import { repositoryRoot } from '../support/gateway-process.ts';

const test = suite('npm start');

async function descendants(pid: number): Promise<number[]> {
  const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  const children = text.trim().split(/\s+/).filter(Boolean).map(Number);
  return [...children, ...(await Promise.all(children.map(descendants))).flat()];
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

test('SIGTERM to `npm start` stops the gateway: npm exits 0 after it, the port is released, no process is left', async () => {
  const port = await freePort();
  const npm = spawn('npm', ['start'], {
    cwd: repositoryRoot,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      PORT: String(port),
      HOST: '127.0.0.1',
      CONDUIT_DATA_DIR: makeTempDir('npm-start'),
      CONDUIT_MASTER_KEY: 'npm-start-test-master-key-123456',
      CONDUIT_LOG_LEVEL: 'warn',
      npm_config_update_notifier: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  npm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  npm.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
  let tree: number[] = [];
  try {
    const deadline = Date.now() + 60_000;
    while (!(await fetch(`http://127.0.0.1:${port}/health/ready`).then((response) => response.ok, () => false))) {
      if (npm.exitCode !== null || Date.now() > deadline) throw new Error(`the gateway did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    tree = await descendants(npm.pid!);
    assert.ok(tree.length > 0, 'npm runs the gateway as its child');

    npm.kill('SIGTERM');
    assert.is(await exited, 0, `npm's exit code\n${output}`);
    const settle = Date.now() + 5_000;
    while (tree.some(alive) && Date.now() < settle) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(tree.filter(alive), [], 'no process of the tree is left running');
    assert.is(await portOpen(port), false, 'the port is released');
  } finally {
    for (const pid of [npm.pid!, ...tree].filter(alive)) process.kill(pid, 'SIGKILL');
  }
});

test.run();
