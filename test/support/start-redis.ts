import { join } from 'node:path';
import { Redis } from 'ioredis';
import { requireBinaries } from './find-binary.ts';
import { freePort } from './free-port.ts';
import { makeTempDir } from './make-temp-dir.ts';
import { readLogTail } from './read-log-tail.ts';
import { spawnService, type ServiceProcess } from './service-process.ts';
import { waitUntil } from './wait-until.ts';

/** A throwaway Redis server on 127.0.0.1 without persistence, owned by one test process. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Stops the server and deletes its directory. Safe to call twice. */
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 15_000;
const PORT_ATTEMPTS = 3;

/**
 * Starts a fresh redis-server. Returns null (after printing a `conduit-skip:` line) when Redis is not
 * installed, unless CONDUIT_REQUIRE_SERVICES=1, which makes that an error.
 */
export async function startRedis(): Promise<RedisServer | null> {
  const binaries = requireBinaries('redis', [['redis-server']]);
  if (binaries === null) return null;
  const [binary] = binaries;
  const dir = makeTempDir('redis');
  const logFile = join(dir, 'redis.log');

  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const service = spawnService(binary, [
      '--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no',
      '--daemonize', 'no', '--dir', dir, '--logfile', logFile,
    ], dir);
    try {
      await waitUntil(() => isOwnServer(port, service.child.pid), {
        timeoutMs: STARTUP_TIMEOUT_MS,
        description: `Redis on port ${port}`,
        abortIf: () => {
          const status = service.exitStatus();
          return status === undefined ? undefined : new Error(`redis-server ${status}:\n${readLogTail(logFile)}`);
        },
      });
    } catch (error) {
      const portTaken = /address already in use/i.test(readLogTail(logFile, 5));
      if (portTaken && attempt < PORT_ATTEMPTS) continue;
      await service.kill();
      throw error;
    }
    let stopping: Promise<void> | undefined;
    return { url: `redis://127.0.0.1:${port}`, port, stop: () => (stopping ??= shutDown(service)) };
  }
}

async function shutDown(service: ServiceProcess): Promise<void> {
  // Nothing is persisted, so SIGTERM (a clean shutdown for redis-server) is all it takes.
  service.child.kill('SIGTERM');
  await service.waitForExit(10_000);
  await service.kill();
}

// Checks the process id too: if another server grabbed the port first, ours has died and PING alone
// would be answered by the stranger.
async function isOwnServer(port: number, pid: number | undefined): Promise<boolean> {
  const client = new Redis({
    host: '127.0.0.1',
    port,
    lazyConnect: true,
    connectTimeout: 2000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  // Connection errors also reject connect(), which is where waitUntil sees them.
  client.on('error', () => {});
  try {
    await client.connect();
    if ((await client.ping()) !== 'PONG') return false;
    const info = await client.info('server');
    return new RegExp(`^process_id:${pid}\\r?$`, 'm').test(info);
  } finally {
    client.disconnect();
  }
}
