/**
 * The open realtime sessions as the Realtime page shows them: the `realtimeSessions` list, kept
 * current by the `realtimeSessionsChanged` events (one changed session each). The page subscribes
 * before it loads the list; changes that arrive before the list are held and applied after it, so
 * none falls in between. Each session remembers when, by this browser's clock, it started (from the
 * server's durationSeconds when last received), so its duration ticks without trusting clock sync.
 */
export interface SessionLike {
  id: string;
  durationSeconds: number;
}

export interface SessionChange<S extends SessionLike> {
  change: 'STARTED' | 'UPDATED' | 'ENDED';
  session: S;
}

export interface ShownSession<S extends SessionLike> {
  session: S;
  /** Epoch ms, by this browser's clock. */
  startedLocally: number;
  /** When it was last received (epoch ms): a clock read before that does not show less than the server said. */
  receivedAt: number;
}

export class RealtimeSessionsState<S extends SessionLike> {
  rows = $state.raw<Array<ShownSession<S>>>([]);
  loaded = $state(false);
  #held: Array<SessionChange<S>> = [];
  /** Recently ended ids: a late update (or a list read just before the end) does not bring one back. */
  #ended = new Set<string>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** The list as loaded; held changes are applied over it. */
  load(sessions: readonly S[]): void {
    this.rows = sessions.filter((session) => !this.#ended.has(session.id)).map((session) => this.#shown(session));
    const held = this.#held.splice(0);
    for (const change of held) this.#apply(change);
    this.loaded = true;
  }

  receive(change: SessionChange<S>): void {
    if (!this.loaded) {
      this.#held.push(change);
      if (change.change === 'ENDED') this.#ended.add(change.session.id);
    }
    else this.#apply(change);
  }

  /** Whole seconds the session has been open at `now` (epoch ms). */
  durationAt(row: ShownSession<S>, now: number): number {
    return Math.max(0, Math.floor((Math.max(now, row.receivedAt) - row.startedLocally) / 1000));
  }

  #apply({ change, session }: SessionChange<S>): void {
    if (change === 'ENDED') {
      this.#ended.add(session.id);
      if (this.#ended.size > 1000) this.#ended.delete(this.#ended.values().next().value!);
      this.rows = this.rows.filter((row) => row.session.id !== session.id);
      return;
    }
    if (this.#ended.has(session.id)) return;
    const shown = this.#shown(session);
    const index = this.rows.findIndex((row) => row.session.id === session.id);
    if (index === -1) this.rows = [...this.rows, shown];
    else this.rows = this.rows.map((row, at) => (at === index ? shown : row));
  }

  #shown(session: S): ShownSession<S> {
    const receivedAt = this.#now();
    return { session, startedLocally: receivedAt - session.durationSeconds * 1000, receivedAt };
  }
}
