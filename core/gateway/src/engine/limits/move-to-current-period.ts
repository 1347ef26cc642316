/**
 * A long session (realtime) reserves each slice in the budget period current when it reserves it:
 * past a period's end (midnight UTC for a daily budget), its next slices count against the new
 * period's budget, and the spend it settled until then is kept apart to be booked under the periods
 * it left.
 */
import type { AdmissionTicket } from '../../domain/admission-ticket.ts';
import { allPeriodKeys, periodWindow } from '../../domain/budget-period.ts';
import { counterNames } from './rate-windows.ts';

export function moveToCurrentPeriod(ticket: AdmissionTicket, now: number): void {
  const periodKeys = allPeriodKeys(now);
  if (sameKeys(periodKeys, ticket.periodKeys)) return;
  if (ticket.periodSpend) ticket.earlierPeriods = [...(ticket.earlierPeriods ?? []), ticket.periodSpend];
  ticket.periodSpend = undefined;
  ticket.periodKeys = periodKeys;
  ticket.budgets = ticket.budgets.map((budget) => {
    const window = periodWindow(budget.scope.limits.budgetPeriod, now);
    if (window.key === budget.window.key) return budget;
    return { ...budget, window, counter: counterNames.budget(budget.scope.kind, budget.scope.id, window.key) };
  });
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((key, index) => key === b[index]);
}
