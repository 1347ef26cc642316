/**
 * The cluster primary: forks the workers, replaces any that die (backing off when they die young,
 * so a broken configuration does not spin), and on SIGTERM/SIGINT asks every worker to drain and
 * waits for them, bounded by the shutdown grace period.
 *
 * When workers keep dying young (`giveUpAfterYoungDeaths` in a row, each before it was listening or
 * within `youngDeathMs` of its start), the primary gives up and exits 1, so a supervisor (systemd,
 * Kubernetes, Docker's restart policy) sees a failure and restarts it. It never exits 0 unless asked
 * to stop.
 */
import cluster, { type Worker } from 'node:cluster';
import type { GatewayConfig } from '../config/env.ts';
import type { Logger } from '../../ports/logger.ts';

const youngDeathMs = 10_000;
const maxBackoffMs = 30_000;
const giveUpAfterYoungDeaths = 5;

export function runPrimary(config: GatewayConfig, logger: Logger): void {
  let stopping = false;
  let backoffMs = 0;
  let youngDeathsInARow = 0;
  const startedAt = new Map<number, number>();
  const listening = new Set<number>();
  cluster.on('listening', (worker: Worker) => listening.add(worker.id));

  const fork = (): void => {
    if (stopping) return;
    const worker = cluster.fork({ CONDUIT_CLUSTER_WORKER: '1' });
    startedAt.set(worker.id, Date.now());
  };

  cluster.on('exit', (worker: Worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker.id) ?? Date.now());
    startedAt.delete(worker.id);
    // On a loaded machine a start can take longer than youngDeathMs: one that never listened still failed.
    const everListened = listening.delete(worker.id);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    const young = !everListened || lived < youngDeathMs;
    youngDeathsInARow = young ? youngDeathsInARow + 1 : 0;
    if (youngDeathsInARow >= giveUpAfterYoungDeaths) {
      logger.fatal({ pid: worker.process.pid, code, signal, youngDeathsInARow }, 'workers keep dying at start; giving up');
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM');
      process.exit(1);
    }
    backoffMs = young ? Math.min(maxBackoffMs, Math.max(config.workerRestartMs, backoffMs * 2)) : 0;
    logger.error({ pid: worker.process.pid, code, signal, restartInMs: backoffMs }, 'a worker died; starting a new one');
    // Not unref'd: when every worker died at once, this timer is what keeps the primary alive.
    setTimeout(fork, backoffMs);
  });

  for (let index = 0; index < config.workers; index++) fork();
  logger.info({ workers: config.workers, port: config.port }, 'Conduit primary started its workers');

  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: workers drain in-flight requests');
    const workers = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined);
    if (workers.length === 0) process.exit(0);
    for (const worker of workers) worker.process.kill('SIGTERM');
    setTimeout(() => {
      logger.warn('workers did not stop in time; exiting');
      process.exit(1);
    }, config.shutdownGraceMs + 10_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
