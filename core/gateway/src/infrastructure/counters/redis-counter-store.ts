/**
 * Counters in Redis, shared by every gateway instance. Each operation is one Lua script, so a check
 * and its increment are atomic across instances; the clock is Redis's own (TIME), so instances with
 * drifting clocks still agree on windows. Scripts run by EVALSHA (ioredis reloads them after a Redis
 * restart).
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import {
  budgetIdleMs,
  buildMarkMs,
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
import { redisScripts, type RedisScriptName } from './redis-scripts.ts';

type ScriptCall = (keyCount: number, ...keysAndArgs: Array<string | number>) => Promise<unknown>;

/** Collects the KEYS of one script call; plans refer to them by 1-based index. */
class KeyList {
  readonly keys: string[] = [];
  private readonly index = new Map<string, number>();

  add(key: string): number {
    let position = this.index.get(key);
    if (position === undefined) {
      this.keys.push(key);
      position = this.keys.length;
      this.index.set(key, position);
    }
    return position;
  }
}

const expiriesOf = (counter: string): string => `${counter}:x`;
const list = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);

interface RawWindow {
  used: string;
  reset: string;
  retry?: string;
  refused?: boolean;
}

export class RedisCounterStore implements CounterStore {
  readonly kind = 'redis';
  private readonly redis: Redis;

  constructor(url: string) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 5_000, connectTimeout: 5_000 });
    // Errors reach the callers of each command; the client reconnects by itself.
    this.redis.on('error', () => {});
    for (const [name, lua] of Object.entries(redisScripts)) this.redis.defineCommand(name, { lua });
  }

  private script(name: RedisScriptName): ScriptCall {
    return (this.redis as unknown as Record<RedisScriptName, ScriptCall>)[name].bind(this.redis);
  }

  private run(name: RedisScriptName, keys: KeyList, argument: unknown): Promise<unknown> {
    return this.script(name)(keys.keys.length, ...keys.keys, JSON.stringify(argument));
  }

  async admit(request: AdmitRequest): Promise<AdmitResult> {
    const keys = new KeyList();
    const plan = {
      ticket: request.ticket,
      leaseMs: request.leaseMs,
      idleMs: budgetIdleMs,
      windows: request.windows.map((window) => ({
        k: keys.add(window.counter),
        bucketMs: window.bucketMs,
        buckets: Math.round(window.windowMs / window.bucketMs),
        limit: window.limit,
        weight: window.weight,
      })),
      parallel: request.parallel.map((parallel) => ({ k: keys.add(parallel.counter), limit: parallel.limit })),
      budgets: request.budgets.map((budget) => ({
        k: keys.add(budget.counter),
        x: keys.add(expiriesOf(budget.counter)),
        limit: budget.limit,
        amount: budget.amount,
      })),
    };
    const raw = JSON.parse((await this.run('conduitAdmit', keys, plan)) as string) as {
      status: AdmitResult['status'];
      now: string;
      windows: unknown;
      parallel: unknown;
      budgets: unknown;
    };
    return {
      status: raw.status,
      now: Number(raw.now),
      windows: list<RawWindow>(raw.windows).map(toWindowReading),
      parallel: list<{ used: string; refused: boolean }>(raw.parallel).map((entry) => ({ used: Number(entry.used), refused: entry.refused })),
      budgets: list<{ spend: string; reserved: string; refused: boolean; unbuilt: boolean }>(raw.budgets).map((entry) => ({
        spend: Number(entry.spend),
        reserved: Number(entry.reserved),
        refused: entry.refused,
        unbuilt: entry.unbuilt,
      })),
    };
  }

  async settle(request: SettleRequest): Promise<SettledBudget[]> {
    const keys = new KeyList();
    const plan = {
      ticket: request.ticket,
      idleMs: budgetIdleMs,
      windows: request.windows.map((window) => ({
        k: keys.add(window.counter),
        bucketMs: window.bucketMs,
        buckets: Math.round(window.windowMs / window.bucketMs),
        bucket: window.bucket,
        correction: window.correction,
      })),
      parallel: request.parallel.map((counter) => keys.add(counter)),
      budgets: request.budgets.map((budget) => ({ k: keys.add(budget.counter), x: keys.add(expiriesOf(budget.counter)), cost: budget.cost })),
    };
    const raw = JSON.parse((await this.run('conduitSettle', keys, plan)) as string) as { budgets: unknown };
    return list<{ gen: string; before?: string; after?: string }>(raw.budgets).map((entry) => ({
      generation: entry.gen === '' ? null : entry.gen,
      spendBefore: Number(entry.before ?? 0),
      spendAfter: Number(entry.after ?? 0),
    }));
  }

  async renew(leases: ReadonlyArray<{ ticket: string; parallel: readonly string[]; budgets: readonly string[] }>, leaseMs: number): Promise<void> {
    if (leases.length === 0) return;
    const keys = new KeyList();
    const entries: Array<{ k: number; ticket: string }> = [];
    for (const lease of leases) {
      for (const counter of lease.parallel) entries.push({ k: keys.add(counter), ticket: lease.ticket });
      for (const counter of lease.budgets) entries.push({ k: keys.add(expiriesOf(counter)), ticket: lease.ticket });
    }
    if (entries.length > 0) await this.run('conduitRenew', keys, { leaseMs, leases: entries });
  }

  async peek(windows: readonly WindowSpec[]): Promise<WindowReading[]> {
    if (windows.length === 0) return [];
    const keys = new KeyList();
    const plan = {
      windows: windows.map((window) => ({
        k: keys.add(window.counter),
        bucketMs: window.bucketMs,
        buckets: Math.round(window.windowMs / window.bucketMs),
      })),
    };
    const raw = JSON.parse((await this.run('conduitPeek', keys, plan)) as string) as { windows: unknown };
    return list<RawWindow>(raw.windows).map(toWindowReading);
  }

  async readBudget(counter: string): Promise<BudgetReading | null> {
    const keys = new KeyList();
    keys.add(counter);
    keys.add(expiriesOf(counter));
    const raw = (await this.script('conduitBudgetRead')(2, ...keys.keys)) as string | null;
    if (raw === null) return null;
    const parsed = JSON.parse(raw) as { spend: string; reserved: string };
    return { spend: Number(parsed.spend), reserved: Number(parsed.reserved) };
  }

  async beginBudgetBuild(counter: string): Promise<{ state: 'building' | 'ready'; generation: string }> {
    const [state, generation] = (await this.script('conduitBudgetBeginBuild')(1, counter, randomUUID(), buildMarkMs)) as [string, string];
    return { state: state === 'r' ? 'ready' : 'building', generation };
  }

  async finishBudgetBuild(counter: string, generation: string, snapshot: { spend: number; version: number }): Promise<boolean> {
    const done = await this.script('conduitBudgetFinishBuild')(1, counter, generation, String(snapshot.spend), snapshot.version, budgetIdleMs);
    return done === 1;
  }

  async reconcile(entries: readonly ReconcileEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const keys = new KeyList();
    const plan = {
      entries: entries.map((entry) => ({ k: keys.add(entry.counter), gen: entry.generation ?? '', version: entry.version, amount: entry.amount })),
    };
    await this.run('conduitBudgetReconcile', keys, plan);
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}

function toWindowReading(raw: RawWindow): WindowReading {
  const reading: WindowReading = { used: Number(raw.used), resetMs: Math.max(0, Number(raw.reset)), refused: raw.refused === true };
  if (raw.retry !== undefined) reading.retryAfterMs = Number(raw.retry);
  return reading;
}
