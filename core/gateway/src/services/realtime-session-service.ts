/** The open realtime sessions of every instance, for the admin API: list them, close one. */
import type { RealtimeSessions, RealtimeSessionView } from '../ports/realtime-sessions.ts';
import { NotFoundError } from './input-error.ts';

export class RealtimeSessionService {
  constructor(private readonly sessions: RealtimeSessions) {}

  list(): Promise<RealtimeSessionView[]> {
    return this.sessions.list();
  }

  /** Asks the instance holding the session to close it (the client gets an error event, then the close). */
  async close(id: string): Promise<boolean> {
    if (!(await this.sessions.close(id, 'closed by an admin'))) throw new NotFoundError('Realtime session', id);
    return true;
  }
}
