/** Virtual keys and key groups as the hot path and the expiry scanner read them. */
import type { BudgetPeriod } from '../domain/budget-period.ts';

interface StoredLimits {
  /** Nano-dollars per budget period; null for no budget. */
  maxBudgetNanos: number | null;
  budgetPeriod: BudgetPeriod;
  rpm: number | null;
  rpd: number | null;
  tpm: number | null;
  maxParallel: number | null;
}

export interface StoredKey extends StoredLimits {
  id: string;
  name: string;
  enabled: boolean;
  expiresAt: Date | null;
  /** Exact model names, or prefixes ending in `*`; null allows every model. */
  allowedModels: string[] | null;
  metadata: Record<string, unknown>;
  groupId: string | null;
  /** What kinds of request the key may make (`CHAT`, `AUDIO_SPEECH`…); null: every kind. */
  permissions: string[] | null;
  /** Realtime sessions the key may hold at once; null: the setting's default. */
  maxRealtimeSessions: number | null;
}

export interface StoredKeyGroup extends StoredLimits {
  id: string;
  name: string;
}

export interface KeyStore {
  /** The key whose SHA-256 hash this is, or null. */
  findByHash(hash: string): Promise<StoredKey | null>;
  /** Enabled keys with an expiry date up to `until` (expired ones included). */
  expiringBy(until: Date): Promise<ReadonlyArray<{ id: string; name: string; expiresAt: Date }>>;
  groups(): Promise<readonly StoredKeyGroup[]>;
}
