/**
 * The realtime session registry (across instances with Redis) and the realtime settings, built for
 * the /v1/realtime endpoint (which registers every session) and the admin API (which lists and closes them).
 */
import { SharedRealtimeSessions } from '../engine/realtime/shared-realtime-sessions.ts';
import type { ConfigChanges } from '../engine/state/config-changes.ts';
import { RedisRealtimeSessionDirectory } from '../infrastructure/realtime/redis-realtime-session-directory.ts';
import type { EventBus } from '../ports/event-bus.ts';
import type { Logger } from '../ports/logger.ts';
import { RealtimeSessionService } from '../services/realtime-session-service.ts';
import { RealtimeSettingsService } from '../services/realtime-settings-service.ts';

/** How long an instance's sessions stay listed after its last heartbeat (it beats every third of that). */
const sessionLeaseMs = 15_000;

export interface RealtimeAdmin {
  sessions: SharedRealtimeSessions;
  services: { realtimeSessions: RealtimeSessionService; realtimeSettings: RealtimeSettingsService };
  close(): Promise<void>;
}

export async function startRealtimeAdmin(options: {
  redisUrl: string | undefined;
  instance: string;
  events: EventBus;
  changes: ConfigChanges;
  logger: Logger;
}): Promise<RealtimeAdmin> {
  const directory = options.redisUrl ? new RedisRealtimeSessionDirectory(options.redisUrl, { leaseMs: sessionLeaseMs }) : undefined;
  const sessions = new SharedRealtimeSessions({
    instance: options.instance,
    events: options.events,
    logger: options.logger,
    directory,
    heartbeatMs: sessionLeaseMs / 3,
  });
  sessions.start();
  const settings = new RealtimeSettingsService(options.changes);
  try {
    await settings.reload();
  } catch (error) {
    await sessions.stop();
    await directory?.close();
    throw error;
  }
  options.changes.onChange(['realtimeSettings'], () =>
    settings.reload().catch((error: unknown) => options.logger.error({ err: error }, 'reloading the realtime settings failed')),
  );
  return {
    sessions,
    services: { realtimeSessions: new RealtimeSessionService(sessions), realtimeSettings: settings },
    async close() {
      await sessions.stop();
      await directory?.close();
    },
  };
}
