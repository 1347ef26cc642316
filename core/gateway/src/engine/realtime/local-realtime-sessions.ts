/** In-process session registry (placeholder until the foundation commit lands). */
import type { RealtimeSessionHandle, RealtimeSessionInfo, RealtimeSessions, RealtimeSessionView } from '../../ports/realtime-sessions.ts';

export class LocalRealtimeSessions implements RealtimeSessions {
  private readonly sessions = new Map<string, { view: RealtimeSessionView; controller: AbortController }>();

  register(info: RealtimeSessionInfo): RealtimeSessionHandle {
    const controller = new AbortController();
    const entry = { view: { ...info, stats: {} }, controller };
    this.sessions.set(info.id, entry);
    return {
      signal: controller.signal,
      update: (stats) => {
        entry.view.stats = stats;
      },
      end: () => {
        this.sessions.delete(info.id);
      },
    };
  }

  async list(): Promise<RealtimeSessionView[]> {
    return [...this.sessions.values()].map((entry) => entry.view);
  }

  async close(id: string, reason: string): Promise<boolean> {
    const entry = this.sessions.get(id);
    if (!entry) return false;
    entry.controller.abort(reason);
    return true;
  }
}
