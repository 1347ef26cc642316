/** Where finished requests go: one log row each, with the spend to book for it (written in batches). */
import type { SpendScopeKind } from '../domain/spend-scope.ts';
import type { CountedBudget, PeriodSpend } from '../domain/admission-ticket.ts';

export interface RequestLogRow {
  id?: number;
  requestId: string;
  virtualKeyId: string | null;
  /** On a failed authentication: the presented key's display prefix, never the key. */
  keyPrefix?: string | null;
  endpoint: string;
  model: string | null;
  providerId: string | null;
  providerModel: string | null;
  deploymentId: string | null;
  stream: boolean;
  status: number;
  errorCode: string | null;
  errorMessage: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  cachedTokens: number | null;
  totalTokens: number | null;
  usageEstimated: boolean;
  /** Nano-dollars. */
  costNanos: number;
  unpriced: boolean;
  latencyMs: number;
  firstByteMs: number | null;
  attempts: number;
  clientIp: string | null;
  /** Seconds of audio in and out (transcription, speech, a realtime session). */
  audioSeconds?: number | null;
  /** Characters turned into speech. */
  characters?: number | null;
  /** Answered from the response cache; absent: false. */
  cacheHit?: boolean;
  createdAt: Date;
}

/** Which budget counter (by scope and period) counted an amount when its request settled. */
export type CountedSpend = CountedBudget;

export interface SpendRecord {
  scopes: ReadonlyArray<{ kind: SpendScopeKind; id: string }>;
  /** The period keys current when the request was admitted. */
  periodKeys: readonly string[];
  /** Nano-dollars booked under `periodKeys`. */
  amount: number;
  /** Resolves (never rejects) once the request's counters settled. */
  counted: Promise<readonly CountedSpend[]>;
  /** A long session's spend in periods it has left, booked under their own keys (not in `amount`). */
  earlier?: readonly PeriodSpend[];
}

/** Spend committed to the database, as the writer reports it back. */
export interface FlushedSpend extends CountedSpend {
  /** The row's version after this write. */
  version: number;
  amount: number;
}

export interface RequestLogSink {
  append(row: RequestLogRow, spend?: SpendRecord): void;
}
