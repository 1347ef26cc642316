/**
 * Entry point: read the environment, then either serve in this process or, with CONDUIT_WORKERS > 1,
 * become the cluster primary. Stops cleanly on SIGTERM/SIGINT.
 */
import cluster from 'node:cluster';
import { prepareSharedState } from './composition/cluster/prepare-shared-state.ts';
import { runPrimary } from './composition/cluster/run-primary.ts';
import { ConfigError, loadConfig, type GatewayConfig } from './composition/config/env.ts';
import { createLogger } from './infrastructure/logging/logger.ts';
import { startGateway } from './composition/start-gateway.ts';

function printMasterKey(config: GatewayConfig, masterKey: string): void {
  process.stdout.write(
    `\nGenerated a master key for the admin API (stored in ${config.dataDir}/master.key, shown only this once):\n  ${masterKey}\n\n`,
  );
}

async function serve(config: GatewayConfig): Promise<void> {
  const gateway = await startGateway(config);
  gateway.logger.info({ url: gateway.url, host: config.host, port: gateway.port, dataDir: config.dataDir, pid: process.pid }, 'Conduit is listening');
  if (gateway.masterKeyCreated && !cluster.isWorker) printMasterKey(config, gateway.masterKey);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    gateway.logger.info({ signal }, 'stopping: draining in-flight requests');
    gateway.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

async function main(): Promise<void> {
  let config: GatewayConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  if (config.workers > 1 && cluster.isPrimary) {
    const shared = await prepareSharedState(config);
    if (shared.masterKeyCreated) printMasterKey(config, shared.masterKey);
    runPrimary(config, createLogger(config.logLevel));
    return;
  }
  await serve(config);
}

main().catch((error: unknown) => {
  process.stderr.write(`Conduit could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
