/** Gateway-wide settings of realtime sessions (kept in `global_settings` under `realtime`). */
export interface RealtimeSettings {
  /** Sessions a virtual key may have open at once when its own `maxRealtimeSessions` is null. */
  defaultMaxRealtimeSessions: number;
  /** Sessions open at once on the whole gateway (every instance); null: no cap. */
  maxRealtimeSessionsTotal: number | null;
  /** A session with no event from either side for this long is closed. */
  idleTimeoutSeconds: number;
  /** The longest a session may last; it is closed when reached. */
  maxSessionSeconds: number;
}

export const defaultRealtimeSettings: Readonly<RealtimeSettings> = Object.freeze({
  defaultMaxRealtimeSessions: 5,
  maxRealtimeSessionsTotal: null,
  idleTimeoutSeconds: 300,
  maxSessionSeconds: 3600,
});
