export { startGateway, type StartedGateway, type StartOptions } from './start-gateway.ts';
export { loadConfig, ConfigError, type GatewayConfig } from './config/env.ts';
export { createLogger } from './logging/logger.ts';
