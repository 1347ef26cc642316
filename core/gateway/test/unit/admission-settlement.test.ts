import { test } from 'uvu';
import * as assert from 'uvu/assert';
import pino from 'pino';
import type { AdmissionTicket } from '../../src/domain/admission-ticket.ts';
import { allPeriodKeys, periodWindow } from '../../src/domain/budget-period.ts';
import { noLimits } from '../../src/domain/limit-settings.ts';
import { AdmissionSettlement } from '../../src/engine/limits/admission-settlement.ts';
import { LeaseKeeper } from '../../src/engine/limits/lease-keeper.ts';
import { counterNames } from '../../src/engine/limits/rate-windows.ts';
import { MemoryCounterStore } from '../../src/infrastructure/counters/memory-counter-store.ts';

const logger = pino({ level: 'silent' });

test("slice after slice, a session's spend in its period adds up in one entry, counted by the latest slice's counters", async () => {
  const now = Date.parse('2026-03-10T12:00:00Z');
  const store = new MemoryCounterStore(() => now);
  const leases = new LeaseKeeper(store, 60_000, logger);
  try {
    const settlement = new AdmissionSettlement(store, leases, logger);
    const window = periodWindow('DAILY', now);
    const counter = counterNames.budget('key', 'k1', window.key);
    const build = async (spend: number): Promise<string> => {
      const mark = await store.beginBudgetBuild(counter);
      await store.finishBudgetBuild(counter, mark.generation, { spend, version: 0 });
      return mark.generation;
    };
    const first = await build(0);
    const ticket: AdmissionTicket = {
      id: 'session',
      scopes: [{ kind: 'key', id: 'k1' }],
      periodKeys: allPeriodKeys(now),
      tokenWindows: [],
      parallel: [],
      budgets: [{ counter, scope: { kind: 'key', id: 'k1', name: 'k', limits: { ...noLimits, maxBudgetNanos: 1000 } }, window, limit: 1000 }],
      settled: false,
    };
    const counted = (generation: string) => [{ kind: 'key', id: 'k1', periodKey: window.key, generation }];

    await settlement.settleSlice(ticket, 10);
    const entry = ticket.periodSpend;
    assert.equal(entry, { periodKeys: ticket.periodKeys, amount: 10, counted: counted(first) });
    await settlement.settleSlice(ticket, 5);
    assert.is(ticket.periodSpend, entry, 'the same entry, updated');
    assert.equal(entry, { periodKeys: ticket.periodKeys, amount: 15, counted: counted(first) });

    // The store lost its counters and the budget was rebuilt: the next slice is counted by the new generation.
    store.clear();
    const second = await build(15);
    await settlement.settleSlice(ticket, 1);
    assert.equal(ticket.periodSpend, { periodKeys: ticket.periodKeys, amount: 16, counted: counted(second) });
    assert.equal(await store.readBudget(counter), { spend: 16, reserved: 0 });
  } finally {
    leases.close();
  }
});

test.run();
