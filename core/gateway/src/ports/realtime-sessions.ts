/** The realtime session registry (placeholder until the foundation commit lands; same names). */
export interface RealtimeSessionInfo {
  id: string;
  keyId: string;
  keyName: string;
  model: string;
  provider: string;
  startedAt: Date;
  instance?: string;
}

export interface RealtimeSessionView extends RealtimeSessionInfo {
  stats: Record<string, number>;
}

export interface RealtimeSessionHandle {
  signal: AbortSignal;
  update(stats: Record<string, number>): void;
  end(): void;
}

export interface RealtimeSessions {
  register(info: RealtimeSessionInfo): RealtimeSessionHandle;
  list(): Promise<RealtimeSessionView[]>;
  close(id: string, reason: string): Promise<boolean>;
}
