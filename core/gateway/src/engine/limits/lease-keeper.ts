/**
 * Keeps the slots and reservations of running requests alive. They are stored with a short lease so
 * that those of a crashed instance lapse on their own; this renews the leases of every request still
 * running here, in one store call per interval.
 */
import type { Logger } from '../../ports/logger.ts';
import type { AdmissionTicket } from '../../domain/admission-ticket.ts';
import type { CounterStore } from '../../ports/counter-store.ts';

export class LeaseKeeper {
  private readonly running = new Set<AdmissionTicket>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly store: CounterStore,
    readonly leaseMs: number,
    private readonly logger: Logger,
  ) {
    this.timer = setInterval(() => void this.renew(), Math.max(1, Math.floor(leaseMs / 3)));
    this.timer.unref();
  }

  track(ticket: AdmissionTicket): void {
    if (ticket.parallel.length > 0 || ticket.budgets.length > 0) this.running.add(ticket);
  }

  untrack(ticket: AdmissionTicket): void {
    this.running.delete(ticket);
  }

  async renew(): Promise<void> {
    if (this.running.size === 0) return;
    const leases = [...this.running].map((ticket) => ({
      ticket: ticket.id,
      parallel: ticket.parallel,
      budgets: ticket.budgets.map((budget) => budget.counter),
    }));
    try {
      await this.store.renew(leases, this.leaseMs);
    } catch (error) {
      this.logger.warn({ err: error }, 'renewing the leases of running requests failed');
    }
  }

  close(): void {
    clearInterval(this.timer);
  }
}
