/** Entry point: read the environment, start the gateway, stop cleanly on SIGTERM/SIGINT. */
import { ConfigError, loadConfig } from './config/env.ts';
import { startGateway } from './start-gateway.ts';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const gateway = await startGateway(config);
  gateway.logger.info({ url: gateway.url, host: config.host, port: gateway.port, dataDir: config.dataDir }, 'Conduit is listening');
  if (gateway.masterKeyCreated) {
    process.stdout.write(
      `\nGenerated a master key for the admin API (stored in ${config.dataDir}/master.key, shown only this once):\n  ${gateway.masterKey}\n\n`,
    );
  }
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    gateway.logger.info({ signal }, 'stopping');
    gateway.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Conduit could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
