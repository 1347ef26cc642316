/**
 * PROVISIONAL (replaced by the foundation's port at merge): the registry of open realtime sessions.
 */
export interface RealtimeSessionInfo {
  id: string;
  virtualKeyId: string;
  virtualKeyName: string;
  model: string;
  providerId: string | null;
  providerName: string | null;
  deploymentId: string | null;
  startedAt: Date;
}

export interface RealtimeSessionStats {
  audioSecondsIn: number;
  audioSecondsOut: number;
  inputTokens: number;
  outputTokens: number;
  costNanos: number;
}

export interface RealtimeSessionView extends RealtimeSessionInfo, RealtimeSessionStats {
  durationSeconds: number;
  instance: string;
}

export interface RealtimeSessionHandle {
  signal: AbortSignal;
  update(stats: Partial<RealtimeSessionStats>): void;
  end(): void;
}

export interface RealtimeSessions {
  register(info: RealtimeSessionInfo): RealtimeSessionHandle;
  list(): Promise<RealtimeSessionView[]>;
  close(id: string, reason: string): Promise<boolean>;
}
