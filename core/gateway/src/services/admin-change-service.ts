/**
 * What every admin mutation leaves behind once it succeeded: its audit row and an announcement on the
 * event bus (the `configChanged` subscription, on every instance). A service that writes in a
 * transaction calls `recordWithin(transaction)` so the audit row commits or rolls back with the change;
 * otherwise the row is written right after the mutation returns.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Transaction } from 'sequelize';
import type { AdminIdentity } from '../domain/admin-identity.ts';
import type { EventBus } from '../ports/event-bus.ts';

export interface AdminChange {
  actor: AdminIdentity;
  mutation: string;
  entity: string;
  id: string | null;
  action: string;
  /** Fields the mutation set, secrets replaced by "set". */
  fields: Record<string, unknown>;
  clientIp: string;
}

export interface AdminChangeSink {
  record(change: AdminChange, transaction?: Transaction): Promise<void>;
}

/** What services that write in a transaction are given. */
export interface TransactionAudit {
  recordWithin(transaction: Transaction): Promise<void>;
}

interface Pending {
  change: AdminChange;
  recorded: boolean;
}

export class AdminChangeService implements TransactionAudit {
  private readonly sinks: AdminChangeSink[] = [];
  private readonly pending = new AsyncLocalStorage<Pending>();
  /** Mutations running now: the storage is switched off when none is (see run). */
  private running = 0;

  constructor(private readonly events: EventBus) {}

  /** Adds a place changes are written to (the audit log). */
  attach(sink: AdminChangeSink): void {
    this.sinks.push(sink);
  }

  /** Runs a mutation and records its change once it succeeded; `idOf` names the record from the result when the change has no id yet. */
  async run<T>(change: AdminChange, mutate: () => Promise<T>, idOf: (result: T) => string | null): Promise<T> {
    const pending: Pending = { change, recorded: false };
    this.running++;
    let result: T;
    try {
      result = await this.pending.run(pending, mutate);
    } finally {
      // An enabled AsyncLocalStorage makes Node (before 24) run promise hooks for every promise in
      // the process, /v1 included (~5% of the gateway's CPU under load); mutations are rare, so it is
      // switched off between them (run() switches it on again).
      if (--this.running === 0) this.pending.disable();
    }
    change.id ??= idOf(result);
    if (!pending.recorded) for (const sink of this.sinks) await sink.record(change);
    this.events.pubSub.publish('conduit:adminChange' as 'adminChange', { entity: change.entity, id: change.id, action: change.action });
    return result;
  }

  async recordWithin(transaction: Transaction): Promise<void> {
    const pending = this.pending.getStore();
    if (!pending || pending.recorded) return;
    for (const sink of this.sinks) await sink.record(pending.change, transaction);
    pending.recorded = true;
  }
}
