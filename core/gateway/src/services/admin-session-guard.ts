/**
 * Keeps long-lived admin sessions (open subscriptions over SSE, graphql-ws connections) honest: each
 * holds a lease on its credential whose signal aborts when the admin token is revoked (on this
 * instance or any other: revocations are configuration changes, and a lost event is caught by the
 * version check, which re-checks every watched token) or reaches its expiry. The master key never lapses.
 */
import { setMaxListeners } from 'node:events';
import type { AdminIdentity } from '../domain/admin-identity.ts';
import type { ConfigChangedEvent, ConfigEntity } from '../ports/event-bus.ts';

export interface CredentialLease {
  /** Aborts, with a CredentialLapsedError as its reason, when the credential stops working. */
  signal: AbortSignal;
  release(): void;
}

export class CredentialLapsedError extends Error {
  constructor(readonly why: 'revoked' | 'expired') {
    super(why === 'revoked' ? 'Unauthorized: the admin token was revoked' : 'Unauthorized: the admin token has expired');
  }
}

interface Watched {
  controller: AbortController;
  holders: number;
  timer: NodeJS.Timeout | undefined;
}

/** setTimeout's longest delay; a later expiry re-arms. */
const maxDelayMs = 2_147_483_647;

export class AdminSessionGuard {
  private readonly watched = new Map<string, Watched>();

  constructor(
    private readonly tokens: { lapsed(ids: readonly string[]): Promise<string[]> },
    changes: { onChange(entities: readonly ConfigEntity[], applier: (event: ConfigChangedEvent) => Promise<void>): void },
  ) {
    changes.onChange(['adminToken'], (event) => this.recheck(event.id ? [event.id] : [...this.watched.keys()]));
  }

  /** A lease on the credential; undefined for one that never lapses (the master key). */
  watch(identity: AdminIdentity): CredentialLease | undefined {
    if (identity.tokenId === 'master') return undefined;
    let watched = this.watched.get(identity.tokenId);
    if (!watched) {
      watched = { controller: new AbortController(), holders: 0, timer: undefined };
      // Every open subscription of the token listens: many are expected, not a leak.
      setMaxListeners(0, watched.controller.signal);
      this.watched.set(identity.tokenId, watched);
      if (identity.expiresAt) this.expireAt(identity.tokenId, watched, identity.expiresAt.getTime());
    }
    watched.holders += 1;
    const entry = watched;
    let released = false;
    return {
      signal: entry.controller.signal,
      release: () => {
        if (released) return;
        released = true;
        entry.holders -= 1;
        if (entry.holders === 0 && this.watched.get(identity.tokenId) === entry) this.forget(identity.tokenId, entry);
      },
    };
  }

  /** Tokens with open sessions on this instance. */
  get size(): number {
    return this.watched.size;
  }

  close(): void {
    for (const [id, entry] of this.watched) this.forget(id, entry);
  }

  private async recheck(ids: readonly string[]): Promise<void> {
    const candidates = ids.filter((id) => this.watched.has(id));
    if (candidates.length === 0) return;
    for (const id of await this.tokens.lapsed(candidates)) this.lapse(id, 'revoked');
  }

  private expireAt(id: string, entry: Watched, at: number): void {
    const wait = at - Date.now();
    if (wait <= 0) {
      queueMicrotask(() => this.lapse(id, 'expired'));
      return;
    }
    entry.timer = setTimeout(() => (wait > maxDelayMs ? this.expireAt(id, entry, at) : this.lapse(id, 'expired')), Math.min(wait, maxDelayMs));
    entry.timer.unref();
  }

  private lapse(id: string, why: 'revoked' | 'expired'): void {
    const entry = this.watched.get(id);
    if (!entry) return;
    this.forget(id, entry);
    entry.controller.abort(new CredentialLapsedError(why));
  }

  private forget(id: string, entry: Watched): void {
    clearTimeout(entry.timer);
    this.watched.delete(id);
  }
}
