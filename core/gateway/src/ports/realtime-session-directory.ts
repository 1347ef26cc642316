/**
 * Where every instance lists its open realtime sessions so that any instance can show them all
 * (Redis: one hash per instance that expires unless its instance keeps refreshing it, so a dead
 * instance's sessions disappear on their own).
 */

/** A session (RealtimeSessionView) as stored and as sent on the event bus: JSON-safe (the start as ISO-8601). */
export interface StoredRealtimeSession {
  id: string;
  virtualKeyId: string;
  virtualKeyName: string;
  model: string;
  providerId: string | null;
  deploymentId: string | null;
  /** ISO-8601. */
  startedAt: string;
  audioSecondsIn: number;
  audioSecondsOut: number;
  inputTokens: number;
  outputTokens: number;
  /** Nano-dollars. */
  costNanos: number;
  /** The gateway instance that holds the session's connection. */
  instanceId: string;
}

export interface RealtimeSessionDirectory {
  /** Writes these sessions of `instance` (new or changed) and keeps all of the instance's entries alive for another lease. */
  put(instance: string, sessions: StoredRealtimeSession[]): Promise<void>;
  /** Removes ended sessions of `instance`. */
  remove(instance: string, ids: string[]): Promise<void>;
  /** Removes everything `instance` listed (its clean shutdown). */
  removeInstance(instance: string): Promise<void>;
  /** The sessions of every instance whose lease has not run out. */
  listAll(): Promise<StoredRealtimeSession[]>;
  close(): Promise<void>;
}
