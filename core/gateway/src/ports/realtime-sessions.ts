/**
 * The realtime sessions that are open, on this instance and (with a shared registry) on every other:
 * the realtime endpoint registers each session, reports its usage as it goes and ends it; the admin
 * API lists them and closes one wherever it runs. Closing aborts the session's handle signal on the
 * instance that holds it; the endpoint then ends the session (with the signal's reason) and settles it.
 */

/** What is known of a session when it opens. */
export interface RealtimeSessionInfo {
  id: string;
  virtualKeyId: string;
  virtualKeyName: string;
  /** The public model the client asked for. */
  model: string;
  providerId: string | null;
  deploymentId: string | null;
  startedAt: Date;
}

/** What a session has used so far. */
export interface RealtimeSessionStats {
  audioSecondsIn: number;
  audioSecondsOut: number;
  inputTokens: number;
  outputTokens: number;
  /** Nano-dollars settled and in flight so far. */
  costNanos: number;
}

/** A session as the admin API shows it. */
export interface RealtimeSessionView extends RealtimeSessionInfo, RealtimeSessionStats {
  /** The gateway instance that holds the connection. */
  instanceId: string;
}

export interface RealtimeSessionHandle {
  /** Aborted when the session must end from outside (an admin closed it); the reason is a string. */
  readonly signal: AbortSignal;
  update(stats: RealtimeSessionStats): void;
  /** The session ended; it leaves the registry. Idempotent. */
  end(): void;
}

export interface RealtimeSessions {
  register(info: RealtimeSessionInfo): RealtimeSessionHandle;
  /** Every open session (of every instance, when the registry is shared). */
  list(): Promise<RealtimeSessionView[]>;
  /** Closes a session wherever it runs; false when no such session is open. */
  close(id: string, reason: string): Promise<boolean>;
}

export const noRealtimeStats: RealtimeSessionStats = Object.freeze({
  audioSecondsIn: 0,
  audioSecondsOut: 0,
  inputTokens: 0,
  outputTokens: 0,
  costNanos: 0,
});
