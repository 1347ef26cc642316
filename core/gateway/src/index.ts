export { startGateway, type StartedGateway, type StartOptions } from './composition/start-gateway.ts';
export { loadConfig, ConfigError, type GatewayConfig } from './composition/config/env.ts';
export { createLogger } from './infrastructure/logging/logger.ts';
