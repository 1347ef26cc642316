/**
 * Builds budget counters from the database when the store lacks them (first use, a new period, Redis
 * restarted or emptied), and feeds them spend as it reaches the database.
 *
 * The build marks the counter first and reads the database after, so every write committed from then
 * on is noted on the mark; the snapshot's row version tells which of those it already holds. Settled
 * amounts carry the generation of the counter that counted them, so a write is added to a counter
 * exactly when that counter has not counted it yet: nothing is lost or counted twice when Redis loses
 * its data.
 */
import type { SpendScopeKind } from '../../domain/spend-scope.ts';
import type { Logger } from '../../ports/logger.ts';
import type { FlushedSpend } from '../../ports/request-log-sink.ts';
import type { CounterStore } from '../../ports/counter-store.ts';
import { counterNames } from './rate-windows.ts';

export interface SpendSnapshots {
  read(kind: SpendScopeKind, id: string, periodKey: string): Promise<{ spendNanos: number; version: number }>;
}

export class BudgetCounters {
  private readonly building = new Map<string, Promise<void>>();

  constructor(
    private readonly store: CounterStore,
    private readonly snapshots: SpendSnapshots,
    private readonly logger: Logger,
  ) {}

  /** Builds the counter of one scope and period; concurrent calls in this process share one build. */
  build(kind: SpendScopeKind, id: string, periodKey: string): Promise<void> {
    const counter = counterNames.budget(kind, id, periodKey);
    let running = this.building.get(counter);
    if (!running) {
      running = this.runBuild(counter, kind, id, periodKey).finally(() => this.building.delete(counter));
      this.building.set(counter, running);
    }
    return running;
  }

  /** The writer's hook: spend committed to the database, to be added where it was not counted. */
  async flushed(entries: readonly FlushedSpend[]): Promise<void> {
    await this.store.reconcile(
      entries.map((entry) => ({
        counter: counterNames.budget(entry.kind, entry.id, entry.periodKey),
        generation: entry.generation,
        version: entry.version,
        amount: entry.amount,
      })),
    );
  }

  private async runBuild(counter: string, kind: SpendScopeKind, id: string, periodKey: string): Promise<void> {
    const mark = await this.store.beginBudgetBuild(counter);
    if (mark.state === 'ready') return;
    const snapshot = await this.snapshots.read(kind, id, periodKey);
    const finished = await this.store.finishBudgetBuild(counter, mark.generation, { spend: snapshot.spendNanos, version: snapshot.version });
    if (finished) this.logger.debug({ counter, spendNanos: snapshot.spendNanos, version: snapshot.version }, 'budget counter built from the database');
  }
}
