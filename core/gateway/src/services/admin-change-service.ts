/**
 * What every admin mutation leaves behind once it succeeded: its audit row, written in the mutation's
 * own transaction (see admin-transactions.ts: every statement of the mutation joins it), and an
 * announcement on the event bus (the `configChanged` subscription, on every instance).
 */
import type { Transaction } from 'sequelize';
import type { AdminTransactions } from '../infrastructure/database/admin-transactions.ts';
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

export class AdminChangeService {
  private readonly sinks: AdminChangeSink[] = [];

  constructor(
    private readonly events: EventBus,
    private readonly transactions: AdminTransactions,
  ) {}

  /** Adds a place changes are written to (the audit log). */
  attach(sink: AdminChangeSink): void {
    this.sinks.push(sink);
  }

  /**
   * Runs a mutation in one transaction with its audit row: the row is written only if the mutation
   * succeeded, and if writing it fails the change is rolled back. `idOf` names the record from the
   * result when the change has no id yet.
   */
  async run<T>(change: AdminChange, mutate: () => Promise<T>, idOf: (result: T) => string | null): Promise<T> {
    const result = await this.transactions.run(async () => {
      const done = await mutate();
      change.id ??= idOf(done);
      const transaction = await this.transactions.current();
      for (const sink of this.sinks) await sink.record(change, transaction);
      return done;
    });
    this.events.pubSub.publish('conduit:adminChange' as 'adminChange', { entity: change.entity, id: change.id, action: change.action });
    return result;
  }
}
