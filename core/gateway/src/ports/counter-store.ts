/**
 * One interface for every counter behind rate limits and budgets: in memory for a single process,
 * Redis when REDIS_URL is set. Each operation is atomic: a request is checked against all its limits
 * and counted against all of them, or refused and counted against none.
 */

/** A sliding window (requests or tokens per minute or day) kept in buckets. */
export interface WindowSpec {
  counter: string;
  windowMs: number;
  bucketMs: number;
  limit: number;
  /** What this request adds: 1 for a request window, its token estimate for a token window. */
  weight: number;
}

/** Concurrent requests: a slot per request, held until it ends (or its lease lapses). */
export interface ParallelSpec {
  counter: string;
  limit: number;
}

/** A budget for one period, in nano-dollars; `amount` is this request's worst-case cost, reserved until it settles. */
export interface BudgetSpec {
  counter: string;
  limit: number;
  amount: number;
}

export interface AdmitRequest {
  ticket: string;
  /** How long slots and reservations live without renewal (a crashed instance's lapse after this). */
  leaseMs: number;
  windows: readonly WindowSpec[];
  parallel: readonly ParallelSpec[];
  budgets: readonly BudgetSpec[];
}

export interface WindowReading {
  /** Weight counted in the window, including this request when admitted. */
  used: number;
  /** Until the window holds nothing any more. */
  resetMs: number;
  /** When refused: until this request would fit; -1 when it never can (larger than the limit). */
  retryAfterMs?: number;
  refused: boolean;
}

export interface BudgetReading {
  spend: number;
  reserved: number;
}

export interface AdmitResult {
  /** `unbuilt`: a budget counter must first be rebuilt from the database (see BudgetCounters). */
  status: 'admitted' | 'refused' | 'unbuilt';
  /** The store's clock, epoch ms: window buckets are numbered from it. */
  now: number;
  windows: WindowReading[];
  parallel: Array<{ used: number; refused: boolean }>;
  budgets: Array<BudgetReading & { refused: boolean; unbuilt: boolean }>;
}

export interface SettleRequest {
  ticket: string;
  /** Token windows: `correction` (real minus reserved tokens) is applied to the bucket counted in. */
  windows: ReadonlyArray<{ counter: string; windowMs: number; bucketMs: number; bucket: number; correction: number }>;
  parallel: readonly string[];
  budgets: ReadonlyArray<{ counter: string; cost: number }>;
}

export interface SettledBudget {
  /** The generation of the counter that counted the cost; null when it was not built. */
  generation: string | null;
  spendBefore: number;
  spendAfter: number;
}

export interface ReconcileEntry {
  counter: string;
  /** The generation that counted this spend when it settled, or null. */
  generation: string | null;
  /** The version of the spend row once this amount was written. */
  version: number;
  amount: number;
}

export interface CounterStore {
  readonly kind: 'memory' | 'redis';
  admit(request: AdmitRequest): Promise<AdmitResult>;
  settle(request: SettleRequest): Promise<SettledBudget[]>;
  /** Extends running requests' slots and reservations. */
  renew(leases: ReadonlyArray<{ ticket: string; parallel: readonly string[]; budgets: readonly string[] }>, leaseMs: number): Promise<void>;
  peek(windows: readonly WindowSpec[]): Promise<WindowReading[]>;
  readBudget(counter: string): Promise<BudgetReading | null>;
  /** Marks a missing budget counter as being rebuilt; a `ready` answer means someone finished it. */
  beginBudgetBuild(counter: string): Promise<{ state: 'building' | 'ready'; generation: string }>;
  /** Completes a rebuild from a snapshot read after beginBudgetBuild; false if the mark was lost. */
  finishBudgetBuild(counter: string, generation: string, snapshot: { spend: number; version: number }): Promise<boolean>;
  reconcile(entries: readonly ReconcileEntry[]): Promise<void>;
  close(): Promise<void>;
}

/** Budget counters idle this long are dropped; they are rebuilt from the database when needed again. */
export const budgetIdleMs = 7 * 86_400_000;
/** How long a rebuild mark lives if its builder dies. */
export const buildMarkMs = 30_000;
