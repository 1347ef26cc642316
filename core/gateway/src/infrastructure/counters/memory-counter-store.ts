/**
 * Counters in this process, for a gateway without Redis. The same semantics as the Redis scripts
 * (see lua/): JavaScript runs one operation at a time, so each is atomic as written.
 *
 * Running totals are kept alongside the entries (window weights, reserved amounts), and each counter
 * remembers when its first slot or reservation can lapse, so that an operation costs the same however
 * many requests are in flight: entries are only looked through once one may have lapsed.
 */
import { randomUUID } from 'node:crypto';
import {
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
} from '../../ports/counter-store.ts';

interface Window {
  /** The window's shape, as last used (kept for exportWindows). */
  windowMs: number;
  bucketMs: number;
  buckets: Map<number, number>;
  total: number;
  /** The newest bucket ever added (buckets are only added for the current time). */
  newest: number;
  /** No bucket is older than this (buckets before it were dropped). */
  oldest: number;
}

interface Slots {
  /** Expiry by ticket. */
  byTicket: Map<string, number>;
  /** No entry lapses before this (it may be earlier than the first lapse, never later). */
  nextLapse: number;
}

interface Budget {
  touchedAt: number;
  state: 'building' | 'ready';
  generation: string;
  version: number;
  spend: number;
  /** Reservation amount and expiry by ticket. */
  reservations: Map<string, { amount: number; expiresAt: number }>;
  /** The sum of the reservations' amounts. */
  reserved: number;
  /** No reservation lapses before this (it may be earlier than the first lapse, never later). */
  nextLapse: number;
  /** Flushed while building: amount by row version. */
  adjustments: Map<number, number>;
}

export interface WindowExport {
  counter: string;
  windowMs: number;
  bucketMs: number;
  /** [bucket number, weight], oldest first. */
  buckets: Array<[number, number]>;
}

export class MemoryCounterStore implements CounterStore {
  readonly kind = 'memory';
  private readonly windows = new Map<string, Window>();
  private readonly slots = new Map<string, Slots>();
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
      const used = this.slotsOf(spec.counter, now).byTicket.size;
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
      const reserved = budget.reserved;
      const committed = budget.spend + reserved;
      const fits = committed + spec.amount <= spec.limit && committed < spec.limit;
      if (!fits) refused = true;
      result.budgets.push({ spend: budget.spend, reserved, refused: !fits, unbuilt: false });
    }
    if (unbuilt) return { ...result, status: 'unbuilt' };
    if (refused) return { ...result, status: 'refused' };

    for (let index = 0; index < request.windows.length; index++) {
      const spec = request.windows[index]!;
      const window = this.windows.get(spec.counter)!;
      if (spec.weight !== 0) addToBucket(window, Math.floor(now / spec.bucketMs), spec.weight);
      const reading = result.windows[index]!;
      reading.used = window.total;
      reading.resetMs = resetOf(window, spec, now);
    }
    const expiresAt = now + request.leaseMs;
    for (let index = 0; index < request.parallel.length; index++) {
      const slots = this.slots.get(request.parallel[index]!.counter)!;
      slots.byTicket.set(request.ticket, expiresAt);
      if (expiresAt < slots.nextLapse) slots.nextLapse = expiresAt;
      result.parallel[index]!.used += 1;
    }
    for (let index = 0; index < request.budgets.length; index++) {
      const spec = request.budgets[index]!;
      const budget = this.budgets.get(spec.counter)!;
      reserve(budget, request.ticket, spec.amount, expiresAt);
      result.budgets[index]!.reserved = budget.reserved;
    }
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
        addToBucket(window, Math.floor(now / spec.bucketMs), spec.correction);
      }
    }
    for (const counter of request.parallel) this.slots.get(counter)?.byTicket.delete(request.ticket);
    const settled: SettledBudget[] = [];
    for (const spec of request.budgets) {
      const budget = this.readyBudget(spec.counter, now);
      if (!budget) {
        settled.push({ generation: null, spendBefore: 0, spendAfter: 0 });
        continue;
      }
      release(budget, request.ticket);
      const spendBefore = budget.spend;
      budget.spend += spec.cost;
      settled.push({ generation: budget.generation, spendBefore, spendAfter: budget.spend });
    }
    return settled;
  }

  async renew(leases: ReadonlyArray<{ ticket: string; parallel: readonly string[]; budgets: readonly string[] }>, leaseMs: number): Promise<void> {
    const expiresAt = this.clock() + leaseMs;
    for (const lease of leases) {
      for (const counter of lease.parallel) {
        const slots = this.slots.get(counter)?.byTicket;
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
    return budget ? { spend: budget.spend, reserved: budget.reserved } : null;
  }

  async beginBudgetBuild(counter: string): Promise<{ state: 'building' | 'ready'; generation: string }> {
    let budget = this.budgets.get(counter);
    if (!budget) {
      budget = {
        touchedAt: this.clock(),
        state: 'building',
        generation: randomUUID(),
        version: 0,
        spend: 0,
        reservations: new Map(),
        reserved: 0,
        nextLapse: Number.POSITIVE_INFINITY,
        adjustments: new Map(),
      };
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

  /** The request and token windows that still hold weight, to outlive a restart (see memory-windows-file.ts). */
  exportWindows(): WindowExport[] {
    const now = this.clock();
    const out: WindowExport[] = [];
    for (const [counter, window] of this.windows) {
      const first = Math.floor(now / window.bucketMs) - Math.round(window.windowMs / window.bucketMs) + 1;
      const buckets = [...window.buckets].filter(([bucket, weight]) => bucket >= first && weight !== 0);
      if (buckets.length > 0) out.push({ counter, windowMs: window.windowMs, bucketMs: window.bucketMs, buckets });
    }
    return out;
  }

  /** Adds exported windows back (at start, before any request): buckets that have left their window are skipped. */
  importWindows(windows: readonly WindowExport[]): void {
    const now = this.clock();
    for (const entry of windows) {
      const window = this.window(entry, now);
      const first = Math.floor(now / entry.bucketMs) - Math.round(entry.windowMs / entry.bucketMs) + 1;
      const current = Math.floor(now / entry.bucketMs);
      // Buckets must stay in order in the map (window() relies on it): merge and rebuild.
      const merged = new Map(window.buckets);
      for (const [bucket, weight] of entry.buckets) {
        if (bucket >= first && bucket <= current) merged.set(bucket, (merged.get(bucket) ?? 0) + weight);
      }
      window.buckets = new Map([...merged].sort(([a], [b]) => a - b));
      window.total = 0;
      window.newest = 0;
      for (const [bucket, weight] of window.buckets) {
        window.total += weight;
        if (bucket > window.newest) window.newest = bucket;
      }
    }
  }

  private window(spec: Pick<WindowSpec, 'counter' | 'windowMs' | 'bucketMs'>, now: number): Window {
    let window = this.windows.get(spec.counter);
    if (!window) {
      window = { windowMs: spec.windowMs, bucketMs: spec.bucketMs, buckets: new Map(), total: 0, newest: 0, oldest: 0 };
      this.windows.set(spec.counter, window);
    }
    const first = Math.floor(now / spec.bucketMs) - Math.round(spec.windowMs / spec.bucketMs) + 1;
    if (window.oldest >= first) return window;
    // Buckets are only ever created for the current time, so the map is in bucket order.
    for (const [bucket, weight] of window.buckets) {
      if (bucket >= first) break;
      window.buckets.delete(bucket);
      window.total -= weight;
    }
    if (window.buckets.size === 0) window.total = 0;
    window.oldest = first;
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

  private slotsOf(counter: string, now: number): Slots {
    let slots = this.slots.get(counter);
    if (!slots) {
      slots = { byTicket: new Map(), nextLapse: Number.POSITIVE_INFINITY };
      this.slots.set(counter, slots);
    } else if (slots.nextLapse <= now) {
      let nextLapse = Number.POSITIVE_INFINITY;
      for (const [ticket, expiresAt] of slots.byTicket) {
        if (expiresAt <= now) slots.byTicket.delete(ticket);
        else if (expiresAt < nextLapse) nextLapse = expiresAt;
      }
      slots.nextLapse = nextLapse;
    }
    return slots;
  }

  private readyBudget(counter: string, now: number): Budget | undefined {
    this.sweepIdleBudgets(now);
    const budget = this.budgets.get(counter);
    if (!budget || budget.state !== 'ready') return undefined;
    budget.touchedAt = now;
    if (budget.nextLapse <= now) {
      let nextLapse = Number.POSITIVE_INFINITY;
      for (const [ticket, reservation] of budget.reservations) {
        if (reservation.expiresAt <= now) release(budget, ticket);
        else if (reservation.expiresAt < nextLapse) nextLapse = reservation.expiresAt;
      }
      budget.nextLapse = nextLapse;
    }
    return budget;
  }
}

function addToBucket(window: Window, bucket: number, weight: number): void {
  window.buckets.set(bucket, (window.buckets.get(bucket) ?? 0) + weight);
  window.total += weight;
  if (bucket > window.newest) window.newest = bucket;
}

function reserve(budget: Budget, ticket: string, amount: number, expiresAt: number): void {
  const previous = budget.reservations.get(ticket);
  if (previous) {
    // A session reserves a slice every few seconds: its entry is updated, not replaced (a replaced one
    // would have lived long enough to be promoted to the old generation, and died there).
    budget.reserved -= previous.amount;
    previous.amount = amount;
    previous.expiresAt = expiresAt;
  } else {
    budget.reservations.set(ticket, { amount, expiresAt });
  }
  budget.reserved += amount;
  if (expiresAt < budget.nextLapse) budget.nextLapse = expiresAt;
}

function release(budget: Budget, ticket: string): void {
  const reservation = budget.reservations.get(ticket);
  if (!reservation) return;
  budget.reservations.delete(ticket);
  // Floating-point sums drift; with nothing reserved the total is exactly zero again.
  budget.reserved = budget.reservations.size === 0 ? 0 : budget.reserved - reservation.amount;
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
