import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AdmissionTicket, TicketBudget } from '../../src/domain/admission-ticket.ts';
import { allPeriodKeys, periodWindow, type BudgetPeriod } from '../../src/domain/budget-period.ts';
import { noLimits } from '../../src/domain/limit-settings.ts';
import { moveToCurrentPeriod } from '../../src/engine/limits/move-to-current-period.ts';
import { counterNames } from '../../src/engine/limits/rate-windows.ts';

const at = (iso: string): number => Date.parse(iso);

function budget(period: BudgetPeriod, now: number): TicketBudget {
  const window = periodWindow(period, now);
  return { counter: counterNames.budget('key', 'k1', window.key), scope: { kind: 'key', id: 'k1', name: 'k', limits: { ...noLimits, budgetPeriod: period, maxBudgetNanos: 1000 } }, window, limit: 1000 };
}

function sessionTicket(budgets: TicketBudget[], now: number): AdmissionTicket {
  return { id: 't1', scopes: [{ kind: 'key', id: 'k1' }], periodKeys: allPeriodKeys(now), tokenWindows: [], parallel: [], budgets, settled: false };
}

test('within the same periods nothing moves', () => {
  const admitted = at('2026-01-31T10:00:00Z');
  const daily = budget('DAILY', admitted);
  const ticket = sessionTicket([daily], admitted);
  ticket.periodSpend = { periodKeys: ticket.periodKeys, amount: 5, counted: [] };
  moveToCurrentPeriod(ticket, at('2026-01-31T23:59:59.999Z'));
  assert.is(ticket.budgets[0], daily);
  assert.is(ticket.earlierPeriods, undefined);
  assert.is(ticket.periodSpend?.amount, 5);
});

test('past midnight at a month end a daily budget moves to the new day, and the spend so far is kept under the old keys', () => {
  const admitted = at('2026-01-31T23:59:00Z');
  const ticket = sessionTicket([budget('DAILY', admitted)], admitted);
  const oldKeys = ticket.periodKeys;
  const counted = [{ kind: 'key' as const, id: 'k1', periodKey: 'd:2026-01-31', generation: 'g1' }];
  ticket.periodSpend = { periodKeys: oldKeys, amount: 7, counted };
  moveToCurrentPeriod(ticket, at('2026-02-01T00:00:01Z'));
  assert.equal(ticket.budgets.map((each) => [each.counter, each.window.key]), [[counterNames.budget('key', 'k1', 'd:2026-02-01'), 'd:2026-02-01']]);
  assert.ok(ticket.periodKeys.includes('d:2026-02-01') && ticket.periodKeys.includes('m:2026-02'));
  assert.equal(ticket.earlierPeriods, [{ periodKeys: oldKeys, amount: 7, counted }]);
  assert.is(ticket.periodSpend, undefined);
});

test('a monthly budget keeps its counter across a day; the day’s key still moves for the spend rows', () => {
  const admitted = at('2026-03-14T23:00:00Z');
  const monthly = budget('MONTHLY', admitted);
  const ticket = sessionTicket([monthly], admitted);
  ticket.periodSpend = { periodKeys: ticket.periodKeys, amount: 3, counted: [] };
  moveToCurrentPeriod(ticket, at('2026-03-15T01:00:00Z'));
  assert.is(ticket.budgets[0], monthly);
  assert.ok(ticket.periodKeys.includes('d:2026-03-15'));
  assert.is(ticket.earlierPeriods?.length, 1);
});

test('a session that crosses two days keeps each day apart', () => {
  const admitted = at('2026-03-14T23:00:00Z');
  const ticket = sessionTicket([budget('DAILY', admitted)], admitted);
  ticket.periodSpend = { periodKeys: ticket.periodKeys, amount: 1, counted: [] };
  moveToCurrentPeriod(ticket, at('2026-03-15T12:00:00Z'));
  ticket.periodSpend = { periodKeys: ticket.periodKeys, amount: 2, counted: [] };
  moveToCurrentPeriod(ticket, at('2026-03-16T00:30:00Z'));
  assert.equal(ticket.earlierPeriods?.map((part) => [part.periodKeys.find((key) => key.startsWith('d:')), part.amount]), [['d:2026-03-14', 1], ['d:2026-03-15', 2]]);
  assert.is(ticket.budgets[0]!.window.key, 'd:2026-03-16');
});

test.run();
