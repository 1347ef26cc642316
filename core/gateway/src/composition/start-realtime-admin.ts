/**
 * The realtime session registry (across instances with Redis), built for the /v1/realtime endpoint
 * (which registers every session) and the admin API (which lists and closes them).
 */
import { SharedRealtimeSessions } from '../engine/realtime/shared-realtime-sessions.ts';
import { RedisRealtimeSessionDirectory } from '../infrastructure/realtime/redis-realtime-session-directory.ts';
import type { EventBus } from '../ports/event-bus.ts';
import type { Logger } from '../ports/logger.ts';
import { RealtimeSessionService } from '../services/realtime-session-service.ts';

export interface RealtimeAdmin {
  sessions: SharedRealtimeSessions;
  services: { realtimeSessions: RealtimeSessionService };
  close(): Promise<void>;
}

export function startRealtimeAdmin(options: {
  redisUrl: string | undefined;
  instance: string;
  events: EventBus;
  logger: Logger;
  /** How long an instance's sessions stay listed after its last heartbeat (it beats every third of that). */
  leaseMs: number;
}): RealtimeAdmin {
  const directory = options.redisUrl ? new RedisRealtimeSessionDirectory(options.redisUrl, { leaseMs: options.leaseMs, logger: options.logger }) : undefined;
  const sessions = new SharedRealtimeSessions({
    instance: options.instance,
    events: options.events,
    logger: options.logger,
    directory,
    heartbeatMs: options.leaseMs / 3,
  });
  sessions.start();
  return {
    sessions,
    services: { realtimeSessions: new RealtimeSessionService(sessions) },
    async close() {
      await sessions.stop();
      await directory?.close();
    },
  };
}
