/**
 * A Redis that goes away must not make ioredis print "Unhandled error event" on every reconnect: the
 * event bus's clients (and the realtime directory's) warn once per outage through the logger.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Logger } from '../../src/ports/logger.ts';
import { createEventBus } from '../../src/infrastructure/events/event-bus.ts';
import { startRedis } from '../../../../test/support/services.ts';

test('the event bus warns once per client when Redis stops, and ioredis prints nothing', async () => {
  const redis = await startRedis();
  if (!redis) return;
  const warnings: string[] = [];
  const logger = { warn: (_fields: unknown, message: string) => warnings.push(message), info: () => {} } as unknown as Logger;
  const printed: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  const consoleError = console.error;
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    printed.push(String(chunk));
    return write(chunk, ...rest);
  }) as typeof process.stderr.write;
  console.error = (...args: unknown[]) => printed.push(args.map(String).join(' '));
  const bus = createEventBus({ redisUrl: redis.url, logger });
  try {
    assert.ok(await bus.ping());
    await redis.stop();
    // ioredis reconnects every 50, 100, 150… ms: several failed attempts in this time.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(warnings.sort(), ['events: publishing: Redis connection failed; retrying', 'events: subscription: Redis connection failed; retrying']);
    assert.equal(printed.filter((line) => line.includes('Unhandled error event')), []);
  } finally {
    process.stderr.write = write;
    console.error = consoleError;
    await bus.close();
    await redis.stop();
  }
});

test.run();
