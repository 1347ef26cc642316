/** The realtime sessions of this instance only: the registry without a shared store. */
import { noRealtimeStats, type RealtimeSessionHandle, type RealtimeSessionInfo, type RealtimeSessions, type RealtimeSessionView } from '../../ports/realtime-sessions.ts';

interface OpenSession {
  view: RealtimeSessionView;
  controller: AbortController;
}

export class LocalRealtimeSessions implements RealtimeSessions {
  private readonly open = new Map<string, OpenSession>();

  constructor(private readonly instanceId: string) {}

  register(info: RealtimeSessionInfo): RealtimeSessionHandle {
    const session: OpenSession = { view: { ...info, ...noRealtimeStats, instanceId: this.instanceId }, controller: new AbortController() };
    this.open.set(info.id, session);
    return {
      signal: session.controller.signal,
      update: (stats) => {
        Object.assign(session.view, stats);
      },
      end: () => {
        if (this.open.get(info.id) === session) this.open.delete(info.id);
      },
    };
  }

  async list(): Promise<RealtimeSessionView[]> {
    return [...this.open.values()].map((session) => ({ ...session.view }));
  }

  async close(id: string, reason: string): Promise<boolean> {
    const session = this.open.get(id);
    if (!session) return false;
    session.controller.abort(reason);
    return true;
  }

  /** How many sessions this instance holds. */
  get size(): number {
    return this.open.size;
  }
}
