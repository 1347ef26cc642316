/**
 * Bans a client address for a while after repeated failed authentications, so keys cannot be
 * guessed at speed. Failures are counted in the counter store (in Redis, shared by every instance);
 * `check` is answered from this instance's own list of bans, without a round trip, so it costs the
 * hot path a map lookup. An instance learns of a ban another instance decided at the address's next
 * failure here: the shared count is already past the limit, and the shared ban record says until when.
 */
import type { CounterStore, WindowSpec } from '../../ports/counter-store.ts';

export interface AuthFailureSettings {
  /** Failed authentications from one address that trigger a ban; null turns banning off. */
  authFailureLimit: number | null;
  /** Within how long those failures must happen. */
  authFailureWindowSeconds: number;
  /** How long the address is then refused. */
  authBanSeconds: number;
}

export const defaultAuthFailureSettings: AuthFailureSettings = { authFailureLimit: 10, authFailureWindowSeconds: 300, authBanSeconds: 900 };

export type BanDecision = { banned: false } | { banned: true; retryAfterMs: number };

const notBanned: BanDecision = { banned: false };
/** Local bans kept at most (the oldest go first): a flood of addresses cannot grow memory without bound. */
const maxLocalBans = 100_000;

export class AuthFailureGuard {
  /** Banned address → until when (epoch ms, this instance's clock). */
  private readonly bannedUntil = new Map<string, number>();

  constructor(
    private readonly store: CounterStore,
    private readonly settings: () => AuthFailureSettings,
  ) {}

  check(ip: string, now: number): BanDecision {
    if (this.bannedUntil.size === 0) return notBanned;
    const until = this.bannedUntil.get(ip);
    if (until === undefined) return notBanned;
    if (until <= now || this.settings().authFailureLimit === null) {
      this.bannedUntil.delete(ip);
      return notBanned;
    }
    return { banned: true, retryAfterMs: until - now };
  }

  /** Counts one failed authentication from `ip`; the decision says whether the address is now banned. */
  async recordFailure(ip: string, now: number): Promise<BanDecision> {
    const settings = this.settings();
    if (settings.authFailureLimit === null || !ip) return notBanned;
    const failures = windowOf(`conduit:{auth}:failures:${ip}`, settings.authFailureWindowSeconds * 1000, settings.authFailureLimit - 1);
    const counted = await this.store.admit({ ticket: 'auth-failure', leaseMs: 0, windows: [failures], parallel: [], budgets: [] });
    if (counted.status === 'admitted') return notBanned;
    // At or past the limit: banned. A ban another instance already recorded keeps its end.
    const banMs = settings.authBanSeconds * 1000;
    const ban = windowOf(`conduit:{auth}:ban:${ip}`, banMs, 1_000_000_000);
    const [recorded] = await this.store.peek([ban]);
    let remainingMs = recorded && recorded.used > 0 ? Math.min(recorded.resetMs, banMs) : 0;
    if (remainingMs <= 0) {
      await this.store.admit({ ticket: 'auth-ban', leaseMs: 0, windows: [ban], parallel: [], budgets: [] });
      remainingMs = banMs;
    }
    this.remember(ip, now + remainingMs);
    return { banned: true, retryAfterMs: remainingMs };
  }

  private remember(ip: string, until: number): void {
    this.bannedUntil.delete(ip);
    this.bannedUntil.set(ip, until);
    if (this.bannedUntil.size > maxLocalBans) this.bannedUntil.delete(this.bannedUntil.keys().next().value!);
  }
}

/** A window in 60 buckets (at least a second each), so it slides smoothly and costs little to keep. */
function windowOf(counter: string, windowMs: number, limit: number): WindowSpec {
  return { counter, windowMs, bucketMs: Math.max(1000, Math.ceil(windowMs / 60)), limit, weight: 1 };
}
