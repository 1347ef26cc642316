/**
 * The realtime session directory in Redis: a hash per instance (session id -> JSON) that expires
 * `leaseMs` after its instance last wrote it, and a sorted set of instances scored by when their
 * lease runs out, so listing reads only live instances and a dead one's sessions vanish on their own.
 */
import { Redis } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '../../ports/logger.ts';
import { warnOncePerRedisOutage } from '../redis-outage-warning.ts';
import type { RealtimeSessionDirectory, StoredRealtimeSession } from '../../ports/realtime-session-directory.ts';

const storedSessionSchema = z.object({
  id: z.string(),
  virtualKeyId: z.string(),
  virtualKeyName: z.string(),
  model: z.string(),
  providerId: z.string().nullable(),
  deploymentId: z.string().nullable(),
  startedAt: z.string(),
  audioSecondsIn: z.number(),
  audioSecondsOut: z.number(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  costNanos: z.number(),
  instanceId: z.string(),
});

export class RedisRealtimeSessionDirectory implements RealtimeSessionDirectory {
  private readonly redis: Redis;
  private readonly instancesKey: string;

  constructor(
    redisUrl: string,
    private readonly options: { leaseMs: number; prefix?: string; now?: () => number; logger?: Logger },
  ) {
    this.redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, commandTimeout: 5_000, connectTimeout: 5_000 });
    warnOncePerRedisOutage(this.redis, options.logger, 'realtime session directory');
    this.instancesKey = `${this.prefix}:instances`;
  }

  private get prefix(): string {
    return this.options.prefix ?? 'conduit:realtime';
  }

  private sessionsKey(instance: string): string {
    return `${this.prefix}:sessions:${instance}`;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  async put(instance: string, sessions: StoredRealtimeSession[]): Promise<void> {
    const key = this.sessionsKey(instance);
    const transaction = this.redis.multi();
    if (sessions.length > 0) transaction.hset(key, Object.fromEntries(sessions.map((session) => [session.id, JSON.stringify(session)])));
    transaction.pexpire(key, this.options.leaseMs);
    transaction.zadd(this.instancesKey, this.now() + this.options.leaseMs, instance);
    await transaction.exec();
  }

  async remove(instance: string, ids: string[]): Promise<void> {
    if (ids.length > 0) await this.redis.hdel(this.sessionsKey(instance), ...ids);
  }

  async removeInstance(instance: string): Promise<void> {
    await this.redis.multi().del(this.sessionsKey(instance)).zrem(this.instancesKey, instance).exec();
  }

  async listAll(): Promise<StoredRealtimeSession[]> {
    await this.redis.zremrangebyscore(this.instancesKey, '-inf', this.now());
    const instances = await this.redis.zrange(this.instancesKey, 0, -1);
    if (instances.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const instance of instances) pipeline.hvals(this.sessionsKey(instance));
    const replies = (await pipeline.exec()) ?? [];
    const sessions: StoredRealtimeSession[] = [];
    for (const [error, values] of replies) {
      if (error) throw error;
      for (const value of values as string[]) {
        const parsed = storedSessionSchema.safeParse(safeJson(value));
        // An entry this version cannot read (another version's instance) is skipped, not fatal.
        if (parsed.success) sessions.push(parsed.data);
      }
    }
    return sessions;
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
