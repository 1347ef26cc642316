/**
 * The response cache's store, on Keyv: lru-cache bounded in bytes in this process, or @keyv/redis when
 * REDIS_URL is set, so that instances share entries. The Redis client never queues commands while
 * disconnected: with Redis gone an operation fails at once, and the cache skips itself instead of
 * holding requests up.
 */
import KeyvRedis, { createClient } from '@keyv/redis';
import { Keyv } from 'keyv';
import type { ResponseCacheStore } from '../../ports/response-cache-store.ts';
import { LruKeyvStore } from './lru-keyv-store.ts';

/** Entries live under this prefix in Redis (`conduit-response-cache::<hash>`); clearing removes only them. */
const namespace = 'conduit-response-cache';
const connectTimeoutMs = 1_000;

export function createResponseCacheStore(options: { redisUrl: string | undefined; maxBytes: number }): ResponseCacheStore {
  if (!options.redisUrl) return new KeyvResponseCacheStore(new Keyv({ store: new LruKeyvStore(options.maxBytes), namespace, useKeyPrefix: false, throwOnErrors: true }));
  const client = createClient({
    url: options.redisUrl,
    disableOfflineQueue: true,
    socket: { connectTimeout: connectTimeoutMs, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2_000) },
  });
  const store = new KeyvRedis(client, { throwOnErrors: true, throwOnConnectError: true, connectionTimeout: connectTimeoutMs });
  return new KeyvResponseCacheStore(new Keyv({ store, namespace, useKeyPrefix: false, throwOnErrors: true }), async () => {
    if (!client.isOpen) return;
    // A client still trying to reconnect would wait for Redis to come back before closing.
    if (client.isReady) await client.close();
    else client.destroy();
  });
}

class KeyvResponseCacheStore implements ResponseCacheStore {
  constructor(
    private readonly keyv: Keyv<string>,
    private readonly closeClient?: () => Promise<void>,
  ) {
    // The cache counts and logs failures where it calls the store; Keyv's events would repeat them.
    keyv.on('error', () => {});
  }

  async get(key: string): Promise<string | undefined> {
    return this.keyv.get(key);
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    if (!(await this.keyv.set(key, value, ttlMs))) throw new Error('the response cache store refused the entry');
  }

  async clear(): Promise<void> {
    await this.keyv.clear();
  }

  async close(): Promise<void> {
    await this.closeClient?.();
  }
}
