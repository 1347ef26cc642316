/**
 * Counters in this process, for a gateway without Redis. The same semantics as the Redis scripts
 * (see lua/): JavaScript runs one operation at a time, so each is atomic as written.
 */
import { randomUUID } from 'node:crypto';
import {
  budgetEpsilon,
  budgetIdleMs,
  type AdmitRequest,
  type AdmitResult,
  type BudgetReading,
  type CounterStore,
  type ReconcileEntry,
  type SettledBudget,
  type SettleRequest,
  type WindowReading,
  type WindowSpec,
} from './counter-store.ts';

interface Window {
  buckets: Map<number, number>;
  total: number;
  /** The newest bucket ever added (buckets are only added for the current time). */
  newest: number;
}

interface Budget {
  touchedAt: number;
  state: 'building' | 'ready';
  generation: string;
  version: number;
  spend: number;
  /** Reservation amount and expiry by ticket. */
  reservations: Map<string, { amount: number; expiresAt: number }>;
  /** Flushed while building: amount by row version. */
  adjustments: Map<number, number>;
}

export class MemoryCounterStore implements CounterStore {
  readonly kind = 'memory';
  private readonly windows = new Map<string, Window>();
  /** Slots by counter: expiry by ticket. */
  private readonly slots = new Map<string, Map<string, number>>();
  private readonly budgets = new Map<string, Budget>();
  private sweptAt = 0;

  constructor(private readonly clock: () => number = Date.now) {}

  async admit(request: AdmitRequest): Promise<AdmitResult> {
    const now = this.clock();
    const result: AdmitResult = { status: 'admitted', now, windows: [], parallel: [], budgets: [] };
    let refused = false;
    for (const spec of request.windows) {
      const window = this.window(spec, now);
      const fits = window.total + spec.weight <= spec.limit;
      const reading: WindowReading = { used: window.total, resetMs: resetOf(window, spec, now), refused: !fits };
      if (!fits) {
        refused = true;
        reading.retryAfterMs = retryOf(window, spec, now);
      }
      result.windows.push(reading);
    }
    for (const spec of request.parallel) {
      const used = this.slotsOf(spec.counter, now).size;
      const fits = used + 1 <= spec.limit;
      if (!fits) refused = true;
      result.parallel.push({ used, refused: !fits });
    }
    let unbuilt = false;
    for (const spec of request.budgets) {
      const budget = this.readyBudget(spec.counter, now);
      if (!budget) {
        unbuilt = true;
        result.budgets.push({ spend: 0, reserved: 0, refused: false, unbuilt: true });
        continue;
      }
      const reserved = reservedOf(budget);
      const committed = budget.spend + reserved;
      const fits = committed + spec.amount <= spec.limit + budgetEpsilon && committed < spec.limit - 1e-12;
      if (!fits) refused = true;
      result.budgets.push({ spend: budget.spend, reserved, refused: !fits, unbuilt: false });
    }
    if (unbuilt) return { ...result, status: 'unbuilt' };
    if (refused) return { ...result, status: 'refused' };

    request.windows.forEach((spec, index) => {
      const window = this.window(spec, now);
      const bucket = Math.floor(now / spec.bucketMs);
      if (spec.weight !== 0) {
        window.buckets.set(bucket, (window.buckets.get(bucket) ?? 0) + spec.weight);
        window.total += spec.weight;
        if (bucket > window.newest) window.newest = bucket;
      }
      result.windows[index] = { used: window.total, resetMs: resetOf(window, spec, now), refused: false };
    });
    request.parallel.forEach((spec, index) => {
      this.slotsOf(spec.counter, now).set(request.ticket, now + request.leaseMs);
      result.parallel[index] = { used: result.parallel[index]!.used + 1, refused: false };
    });
    request.budgets.forEach((spec, index) => {
      const budget = this.budgets.get(spec.counter)!;
      budget.reservations.set(request.ticket, { amount: spec.amount, expiresAt: now + request.leaseMs });
      result.budgets[index]!.reserved = reservedOf(budget);
    });
    return result;
  }

  async settle(request: SettleRequest): Promise<SettledBudget[]> {
    const now = this.clock();
    for (const spec of request.windows) {
      if (spec.correction === 0) continue;
      const window = this.window({ counter: spec.counter, windowMs: spec.windowMs, bucketMs: spec.bucketMs }, now);
      const first = Math.floor(now / spec.bucketMs) - Math.round(spec.windowMs / spec.bucketMs) + 1;
      const current = window.buckets.get(spec.bucket);
      if (current !== undefined && spec.bucket >= first) {
        const updated = Math.max(0, current + spec.correction);
        window.buckets.set(spec.bucket, updated);
        window.total = Math.max(0, window.total + updated - current);
      } else if (spec.correction > 0) {
        const bucket = Math.floor(now / spec.bucketMs);
        window.buckets.set(bucket, (window.buckets.get(bucket) ?? 0) + spec.correction);
        window.total += spec.correction;
        if (bucket > window.newest) window.newest = bucket;
      }
    }
    for (const counter of request.parallel) this.slots.get(counter)?.delete(request.ticket);
    return request.budgets.map((spec) => {
      const budget = this.readyBudget(spec.counter, now);
      if (!budget) return { generation: null, spendBefore: 0, spendAfter: 0 };
      budget.reservations.delete(request.ticket);
      const spendBefore = budget.spend;
      budget.spend += spec.cost;
      return { generation: budget.generation, spendBefore, spendAfter: budget.spend };
    });
  }

  async renew(leases: ReadonlyArray<{ ticket: string; parallel: readonly string[]; budgets: readonly string[] }>, leaseMs: number): Promise<void> {
    const expiresAt = this.clock() + leaseMs;
    for (const lease of leases) {
      for (const counter of lease.parallel) {
        const slots = this.slots.get(counter);
        if (slots?.has(lease.ticket)) slots.set(lease.ticket, expiresAt);
      }
      for (const counter of lease.budgets) {
        const reservation = this.budgets.get(counter)?.reservations.get(lease.ticket);
        if (reservation) reservation.expiresAt = expiresAt;
      }
    }
  }

  async peek(windows: readonly WindowSpec[]): Promise<WindowReading[]> {
    const now = this.clock();
    return windows.map((spec) => {
      const window = this.window(spec, now);
      return { used: window.total, resetMs: resetOf(window, spec, now), refused: false };
    });
  }

  async readBudget(counter: string): Promise<BudgetReading | null> {
    const budget = this.readyBudget(counter, this.clock());
    return budget ? { spend: budget.spend, reserved: reservedOf(budget) } : null;
  }

  async beginBudgetBuild(counter: string): Promise<{ state: 'building' | 'ready'; generation: string }> {
    let budget = this.budgets.get(counter);
    if (!budget) {
      budget = { touchedAt: this.clock(), state: 'building', generation: randomUUID(), version: 0, spend: 0, reservations: new Map(), adjustments: new Map() };
      this.budgets.set(counter, budget);
    }
    return { state: budget.state, generation: budget.generation };
  }

  async finishBudgetBuild(counter: string, generation: string, snapshot: { spend: number; version: number }): Promise<boolean> {
    const budget = this.budgets.get(counter);
    if (!budget || budget.state !== 'building' || budget.generation !== generation) return false;
    let spend = snapshot.spend;
    for (const [version, amount] of budget.adjustments) if (version > snapshot.version) spend += amount;
    budget.adjustments.clear();
    Object.assign(budget, { state: 'ready', spend, version: snapshot.version });
    return true;
  }

  async reconcile(entries: readonly ReconcileEntry[]): Promise<void> {
    for (const entry of entries) {
      const budget = this.budgets.get(entry.counter);
      if (!budget) continue;
      if (budget.state === 'ready') {
        if (budget.generation !== entry.generation && entry.version > budget.version) budget.spend += entry.amount;
      } else {
        budget.adjustments.set(entry.version, (budget.adjustments.get(entry.version) ?? 0) + entry.amount);
      }
    }
  }

  /** Forgets every counter, as a Redis restart would (for tests of rebuilding). */
  clear(): void {
    this.windows.clear();
    this.slots.clear();
    this.budgets.clear();
  }

  async close(): Promise<void> {}

  private window(spec: Pick<WindowSpec, 'counter' | 'windowMs' | 'bucketMs'>, now: number): Window {
    let window = this.windows.get(spec.counter);
    if (!window) {
      window = { buckets: new Map(), total: 0, newest: 0 };
      this.windows.set(spec.counter, window);
    }
    const first = Math.floor(now / spec.bucketMs) - Math.round(spec.windowMs / spec.bucketMs) + 1;
    // Buckets are only ever created for the current time, so the map is in bucket order.
    for (const [bucket, weight] of window.buckets) {
      if (bucket >= first) break;
      window.buckets.delete(bucket);
      window.total -= weight;
    }
    if (window.buckets.size === 0) window.total = 0;
    return window;
  }

  /** Budgets of past periods are dropped once idle, as Redis expires them. */
  private sweepIdleBudgets(now: number): void {
    if (now - this.sweptAt < 3_600_000) return;
    this.sweptAt = now;
    for (const [counter, budget] of this.budgets) {
      if (now - budget.touchedAt > budgetIdleMs && budget.reservations.size === 0) this.budgets.delete(counter);
    }
  }

  private slotsOf(counter: string, now: number): Map<string, number> {
    let slots = this.slots.get(counter);
    if (!slots) {
      slots = new Map();
      this.slots.set(counter, slots);
    }
    for (const [ticket, expiresAt] of slots) if (expiresAt <= now) slots.delete(ticket);
    return slots;
  }

  private readyBudget(counter: string, now: number): Budget | undefined {
    this.sweepIdleBudgets(now);
    const budget = this.budgets.get(counter);
    if (!budget || budget.state !== 'ready') return undefined;
    budget.touchedAt = now;
    for (const [ticket, reservation] of budget.reservations) if (reservation.expiresAt <= now) budget.reservations.delete(ticket);
    return budget;
  }
}

function reservedOf(budget: Budget): number {
  let reserved = 0;
  for (const reservation of budget.reservations.values()) reserved += reservation.amount;
  return reserved;
}

function resetOf(window: Window, spec: Pick<WindowSpec, 'windowMs' | 'bucketMs'>, now: number): number {
  if (window.total <= 0) return 0;
  return Math.max(0, (window.newest + Math.round(spec.windowMs / spec.bucketMs)) * spec.bucketMs - now);
}

function retryOf(window: Window, spec: WindowSpec, now: number): number {
  if (spec.weight > spec.limit) return -1;
  const buckets = Math.round(spec.windowMs / spec.bucketMs);
  let freed = 0;
  for (const bucket of [...window.buckets.keys()].sort((a, b) => a - b)) {
    freed += window.buckets.get(bucket)!;
    if (window.total - freed + spec.weight <= spec.limit) return (bucket + buckets) * spec.bucketMs - now;
  }
  return resetOf(window, spec, now);
}
