/**
 * Virtual keys by hash, cached in process so authentication costs no database read on the hot path.
 * Entries expire after a while as a safety net; configuration-change events drop them at once.
 * Unknown hashes are cached briefly too, so a flood of bad keys cannot hammer the database.
 *
 * A change can land while a key is being read. The read is then repeated, so the cache never keeps
 * what the database said before the change, and the request waiting on it gets the new key instead
 * of the aborted read's rejection.
 */
import { LRUCache } from 'lru-cache';
import type { KeyStore, StoredKey } from '../../ports/key-store.ts';
import { allowedModelsMatcher, type ModelMatcher } from './allowed-models.ts';
import { limitSettingsOf, type LimitSettings } from '../../domain/limit-settings.ts';

export interface AuthenticatedKey {
  id: string;
  name: string;
  enabled: boolean;
  /** Epoch ms, or null for never. */
  expiresAt: number | null;
  allowsModel: ModelMatcher;
  allowedModels: readonly string[] | null;
  metadata: Readonly<Record<string, unknown>>;
  /** Absent: no limits (keys built outside the cache, e.g. in tests). */
  limits?: Readonly<LimitSettings>;
  /** The key's group (team), whose budget and limits apply too. */
  groupId?: string | null;
  /** What kinds of request the key may make (`CHAT`, `EMBEDDINGS`…); null or absent: every kind. */
  permissions?: readonly string[] | null;
  /** Realtime sessions the key may hold at once; null or absent: the setting's default. */
  maxRealtimeSessions?: number | null;
}

type Entry = { key: AuthenticatedKey } | { key: null };

export class VirtualKeyCache {
  private readonly cache: LRUCache<string, Entry>;
  private readonly hashById = new Map<string, string>();
  /** Counts invalidations, so a read can tell that one happened while it waited. */
  private invalidations = 0;

  constructor(store: Pick<KeyStore, 'findByHash'>, options: { max?: number; ttlMs?: number; missingTtlMs?: number } = {}) {
    const missingTtlMs = options.missingTtlMs ?? 10_000;
    this.cache = new LRUCache<string, Entry>({
      max: options.max ?? 50_000,
      ttl: options.ttlMs ?? 300_000,
      dispose: (entry) => {
        if (entry.key) this.hashById.delete(entry.key.id);
      },
      fetchMethod: async (hash, _stale, { options: fetchOptions }) => {
        let record: StoredKey | null;
        let seen: number;
        do {
          seen = this.invalidations;
          record = await store.findByHash(hash);
        } while (seen !== this.invalidations);
        if (!record) {
          fetchOptions.ttl = missingTtlMs;
          return { key: null };
        }
        this.hashById.set(record.id, hash);
        return { key: toAuthenticatedKey(record) };
      },
    });
  }

  async lookup(hash: string): Promise<AuthenticatedKey | null> {
    // A synchronous hit avoids fetch()'s promise machinery on the hot path.
    const hit = this.cache.get(hash);
    if (hit) return hit.key;
    for (;;) {
      const seen = this.invalidations;
      try {
        return (await this.cache.fetch(hash))?.key ?? null;
      } catch (error) {
        // An invalidation aborts the fetches in flight; anything else is the store failing.
        if (seen === this.invalidations) throw error;
      }
    }
  }

  /** Forgets one key (by id), or every key. */
  invalidate(id?: string): void {
    this.invalidations++;
    if (id === undefined) {
      this.cache.clear();
      this.hashById.clear();
      return;
    }
    const hash = this.hashById.get(id);
    if (hash) this.cache.delete(hash);
  }
}

function toAuthenticatedKey(record: StoredKey): AuthenticatedKey {
  return {
    id: record.id,
    name: record.name,
    enabled: record.enabled,
    expiresAt: record.expiresAt ? record.expiresAt.getTime() : null,
    allowsModel: allowedModelsMatcher(record.allowedModels),
    allowedModels: record.allowedModels,
    metadata: Object.freeze({ ...record.metadata }),
    limits: Object.freeze(limitSettingsOf(record)),
    groupId: record.groupId ?? null,
    permissions: record.permissions ? Object.freeze([...record.permissions]) : null,
    maxRealtimeSessions: record.maxRealtimeSessions ?? null,
  };
}
