/**
 * What every admin mutation leaves behind once it succeeded: an announcement on the event bus (the
 * `configChanged` subscription, on every instance) and, when an audit log is attached, its row.
 */
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
  record(change: AdminChange): Promise<void>;
}

export class AdminChangeService {
  private readonly sinks: AdminChangeSink[] = [];

  constructor(private readonly events: EventBus) {}

  /** Adds a place changes are written to (the audit log). */
  attach(sink: AdminChangeSink): void {
    this.sinks.push(sink);
  }

  async record(change: AdminChange): Promise<void> {
    for (const sink of this.sinks) await sink.record(change);
    this.events.pubSub.publish('conduit:adminChange' as 'adminChange', { entity: change.entity, id: change.id, action: change.action });
  }
}
