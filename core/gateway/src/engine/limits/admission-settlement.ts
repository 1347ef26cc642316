/**
 * Settles an admitted request when it ends: token windows corrected to the tokens really used, its
 * parallel slots freed, its reservations replaced by the real cost (nothing for a failure). A budget
 * that crosses 50, 80 or 100% on the way raises an alert: the store's atomic settle makes exactly one
 * instance see each crossing.
 */
import type { Logger } from '../../ports/logger.ts';
import type { CountedSpend } from '../../ports/request-log-sink.ts';
import type { AdmissionTicket, TicketBudget } from '../../domain/admission-ticket.ts';
import type { CounterStore, SettledBudget } from '../../ports/counter-store.ts';
import type { LeaseKeeper } from './lease-keeper.ts';

export const budgetThresholds = [0.5, 0.8, 1] as const;

export interface BudgetCrossing {
  budget: TicketBudget;
  /** 0.5, 0.8 or 1. */
  threshold: number;
  /** Nano-dollars. */
  spend: number;
}

export interface BudgetAlerts {
  budgetCrossed(crossing: BudgetCrossing): void;
}

/** The thresholds passed when spend went from `before` to `after` of `limit`. */
export function crossedThresholds(before: number, after: number, limit: number): readonly number[] {
  if (limit <= 0) return before <= 0 && after > 0 ? budgetThresholds : noThresholds;
  let crossed: number[] | undefined;
  for (const threshold of budgetThresholds) {
    if (before < threshold * limit && after >= threshold * limit) (crossed ??= []).push(threshold);
  }
  return crossed ?? noThresholds;
}

const noThresholds: readonly number[] = Object.freeze([]);

function sameCounted(kept: readonly CountedSpend[], latest: readonly CountedSpend[]): boolean {
  return (
    kept.length === latest.length &&
    kept.every((entry, index) => {
      const other = latest[index]!;
      return entry.kind === other.kind && entry.id === other.id && entry.periodKey === other.periodKey && entry.generation === other.generation;
    })
  );
}

export class AdmissionSettlement {
  constructor(
    private readonly store: CounterStore,
    private readonly leases: LeaseKeeper,
    private readonly logger: Logger,
    private readonly alerts?: BudgetAlerts,
  ) {}

  /**
   * Settles one slice of a long request (a realtime session) while it runs: `cost` replaces the
   * slice's budget reservation, and the ticket keeps its slots and stays leased; the next slice is
   * reserved with Admission.reserveSlice. Never rejects.
   */
  async settleSlice(ticket: AdmissionTicket, cost: number): Promise<CountedSpend[]> {
    if (ticket.settled) return [];
    let counted: CountedSpend[] = [];
    if (ticket.budgets.length > 0) {
      try {
        const settled = await this.store.settle({
          ticket: ticket.id,
          windows: [],
          parallel: [],
          budgets: ticket.budgets.map((budget) => ({ counter: budget.counter, cost })),
        });
        counted = this.counted(ticket, settled);
      } catch (error) {
        this.logger.warn({ err: error, ticket: ticket.id }, 'settling a slice with the counter store failed');
      }
    }
    // Kept apart per period: should the session move on to the next, this is booked under these keys.
    // Updated in place: a new object every slice would live until the next one and be promoted to the
    // old generation, garbage there a few seconds later (a slice every few seconds for every session).
    const spend = ticket.periodSpend;
    if (!spend) {
      ticket.periodSpend = { periodKeys: ticket.periodKeys, amount: cost, counted };
    } else {
      spend.amount += cost;
      if (!sameCounted(spend.counted, counted)) spend.counted = counted;
    }
    return counted;
  }

  /** Never rejects: a store failure is logged, and the leases lapse on their own. */
  async settle(ticket: AdmissionTicket, outcome: { cost: number; tokens: number }): Promise<CountedSpend[]> {
    if (ticket.settled) return [];
    ticket.settled = true;
    this.leases.untrack(ticket);
    if (ticket.tokenWindows.length === 0 && ticket.parallel.length === 0 && ticket.budgets.length === 0) return [];
    try {
      const settled = await this.store.settle({
        ticket: ticket.id,
        windows: ticket.tokenWindows.map((window) => ({ ...window, correction: outcome.tokens - window.reserved })),
        parallel: ticket.parallel,
        budgets: ticket.budgets.map((budget) => ({ counter: budget.counter, cost: outcome.cost })),
      });
      return this.counted(ticket, settled);
    } catch (error) {
      this.logger.warn({ err: error, ticket: ticket.id }, 'settling a request with the counter store failed');
      return [];
    }
  }

  private counted(ticket: AdmissionTicket, settled: readonly SettledBudget[]): CountedSpend[] {
    const counted: CountedSpend[] = [];
    ticket.budgets.forEach((budget, index) => {
      const result = settled[index];
      if (!result) return;
      counted.push({ kind: budget.scope.kind, id: budget.scope.id, periodKey: budget.window.key, generation: result.generation });
      if (result.generation === null || !this.alerts) return;
      for (const threshold of crossedThresholds(result.spendBefore, result.spendAfter, budget.limit)) {
        this.alerts.budgetCrossed({ budget, threshold, spend: result.spendAfter });
      }
    });
    return counted;
  }
}
