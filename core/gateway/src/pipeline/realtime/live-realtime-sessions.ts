/**
 * The realtime sessions open on this instance: a key disabled or deleted (on any instance: the
 * change reaches every one through the configuration bus) ends its sessions here, and shutdown
 * refuses new sessions, warns the open ones with a `server_shutting_down` error event and closes
 * them after the grace period, their usage settled.
 */
import type { AuthenticatedKey } from '../../engine/keys/virtual-key-cache.ts';
import type { Logger } from '../../ports/logger.ts';
import type { LiveRealtimeSessions } from './open-realtime-session.ts';
import { sessionEnds, type RealtimeRelay } from './realtime-relay.ts';

export class RealtimeSessionsHere implements LiveRealtimeSessions {
  private readonly relays = new Set<RealtimeRelay>();
  private stopping = false;

  constructor(
    private readonly lookupKey: (hash: string) => Promise<AuthenticatedKey | null>,
    private readonly logger: Logger,
  ) {}

  get draining(): boolean {
    return this.stopping;
  }

  get size(): number {
    return this.relays.size;
  }

  add(relay: RealtimeRelay): void {
    if (!relay.ending) this.relays.add(relay);
  }

  delete(relay: RealtimeRelay): void {
    this.relays.delete(relay);
  }

  /** A key changed (`keyId`), or any key: sessions whose key is no longer valid end at once. */
  async keysChanged(keyId?: string): Promise<void> {
    const affected = [...this.relays].filter((relay) => keyId === undefined || relay.key.id === keyId);
    await Promise.all(
      affected.map(async (relay) => {
        try {
          const key = await this.lookupKey(relay.options.keyHash);
          const valid = key !== null && key.id === relay.key.id && key.enabled && (key.expiresAt === null || key.expiresAt > Date.now());
          if (!valid) await relay.end(sessionEnds.keyDisabled);
        } catch (error) {
          this.logger.warn({ err: error, session: relay.id }, 'checking the key of a realtime session failed');
        }
      }),
    );
  }

  /** Refuses new sessions (those still opening are refused with 503 before their upgrade). */
  stopAccepting(): void {
    this.stopping = true;
  }

  /** Refuses new sessions, warns the open ones, and closes what is left after `graceMs`. */
  async drain(graceMs: number): Promise<void> {
    this.stopping = true;
    if (this.relays.size === 0) return;
    for (const relay of this.relays) relay.warnShutdown();
    const deadline = Date.now() + graceMs;
    while (this.relays.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    // Warned already: the close itself carries the reason.
    const closing = { ...sessionEnds.shutdown, event: undefined };
    await Promise.all([...this.relays].map((relay) => relay.end(closing)));
  }
}
