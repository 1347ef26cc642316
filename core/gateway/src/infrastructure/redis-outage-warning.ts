/**
 * An ioredis client emits 'error' on every failed reconnect while Redis is away; without a listener
 * ioredis prints "Unhandled error event" to stderr each time. This logs the first error of each
 * outage (the commands that fail report their own errors to their callers) and nothing until the
 * client is ready again.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../ports/logger.ts';

export function warnOncePerRedisOutage(client: Redis, logger: Logger | undefined, what: string): void {
  let warned = false;
  client.on('ready', () => {
    if (warned) logger?.info(`${what}: Redis is reachable again`);
    warned = false;
  });
  client.on('error', (error: Error) => {
    if (warned) return;
    warned = true;
    logger?.warn({ err: error }, `${what}: Redis connection failed; retrying`);
  });
}
