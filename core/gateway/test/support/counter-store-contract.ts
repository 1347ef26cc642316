/**
 * The behaviour every CounterStore must have, registered as a uvu suite for one implementation:
 * the memory store and the Redis store run the same tests.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { AdmitRequest, CounterStore, WindowSpec } from '../../src/ports/counter-store.ts';

export interface StoreUnderTest {
  store: CounterStore;
  /** Forgets every counter, as a Redis restart would. */
  clear(): Promise<void>;
  stop(): Promise<void>;
}

let counter = 0;
const unique = (name: string): string => `test:${process.pid}:${++counter}:${name}`;

const window = (name: string, limit: number, weight = 1): WindowSpec => ({ counter: name, windowMs: 60_000, bucketMs: 1_000, limit, weight });

const request = (parts: Partial<AdmitRequest>): AdmitRequest => ({
  ticket: unique('ticket'),
  leaseMs: 60_000,
  windows: [],
  parallel: [],
  budgets: [],
  ...parts,
});

/** Builds a budget counter; returns its generation. */
async function builtBudget(store: CounterStore, name: string, spend = 0, version = 1): Promise<string> {
  const mark = await store.beginBudgetBuild(name);
  assert.is(mark.state, 'building');
  assert.ok(await store.finishBudgetBuild(name, mark.generation, { spend, version }));
  return mark.generation;
}

export interface ContractOptions {
  /**
   * Whether the store's calls can be in flight together (a network store). The memory store runs
   * each call to completion in one turn, so a Promise.all of its calls is a sequential test in
   * disguise: its atomicity has its own test instead (counter-store.test.ts).
   */
  interleaves: boolean;
}

export function counterStoreContract(name: string, start: () => Promise<StoreUnderTest>, options: ContractOptions): void {
  const test = suite<{ subject: StoreUnderTest }>(`counter store contract (${name})`);
  test.before(async (context) => {
    try {
      context.subject = await start();
    } catch (error) {
      console.error(error);
      throw error;
    }
  });
  test.after(async ({ subject }) => subject?.stop());

  test('a request window admits exactly its limit, then refuses with the time until room', async ({ subject }) => {
    const rpm = window(unique('rpm'), 3);
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await subject.store.admit(request({ windows: [rpm] })));
    assert.equal(results.map((result) => result.status), ['admitted', 'admitted', 'admitted', 'refused', 'refused']);
    assert.equal(results.slice(0, 3).map((result) => result.windows[0]!.used), [1, 2, 3]);
    const refused = results[3]!.windows[0]!;
    assert.ok(refused.refused);
    assert.ok(refused.retryAfterMs! > 58_000 && refused.retryAfterMs! <= 60_000, `retry after ${refused.retryAfterMs}`);
  });

  if (options.interleaves) {
    test('concurrent admissions never exceed the limit', async ({ subject }) => {
      const rpm = window(unique('rpm'), 7);
      let answered = 0;
      let sentBeforeFirstAnswer = 0;
      const results = await Promise.all(
        Array.from({ length: 40 }, () => {
          if (answered === 0) sentBeforeFirstAnswer++;
          return subject.store.admit(request({ windows: [rpm] })).then((result) => (answered++, result));
        }),
      );
      assert.is(sentBeforeFirstAnswer, 40, 'every admission was in flight before the first was answered');
      assert.is(results.filter((result) => result.status === 'admitted').length, 7);
    });
  }

  test('a request is counted against all its limits or none: a full group window leaves the key window untouched', async ({ subject }) => {
    const key = window(unique('key-rpm'), 10);
    const group = window(unique('group-rpm'), 1);
    assert.is((await subject.store.admit(request({ windows: [key, group] }))).status, 'admitted');
    const refused = await subject.store.admit(request({ windows: [key, group] }));
    assert.is(refused.status, 'refused');
    assert.equal(refused.windows.map((reading) => reading.refused), [false, true]);
    const [keyReading] = await subject.store.peek([key]);
    assert.is(keyReading!.used, 1, 'the refused request was not counted against the key');
  });

  test('a token window larger than its limit can never fit', async ({ subject }) => {
    const result = await subject.store.admit(request({ windows: [window(unique('tpm'), 100, 101)] }));
    assert.is(result.status, 'refused');
    assert.is(result.windows[0]!.retryAfterMs, -1);
  });

  test('settling corrects a token window to the tokens really used', async ({ subject }) => {
    const tpm = window(unique('tpm'), 100, 40);
    const ticket = unique('ticket');
    const admitted = await subject.store.admit(request({ ticket, windows: [tpm] }));
    assert.is(admitted.windows[0]!.used, 40);
    const bucket = Math.floor(admitted.now / 1000);
    await subject.store.settle({ ticket, windows: [{ ...tpm, bucket, correction: 25 - 40 }], parallel: [], budgets: [] });
    assert.is((await subject.store.peek([tpm]))[0]!.used, 25);
    await subject.store.settle({ ticket, windows: [{ ...tpm, bucket, correction: 30 }], parallel: [], budgets: [] });
    assert.is((await subject.store.peek([tpm]))[0]!.used, 55);
  });

  test('parallel slots: exactly the limit at once, freed when a request settles', async ({ subject }) => {
    const slots = { counter: unique('parallel'), limit: 2 };
    const tickets = [unique('a'), unique('b'), unique('c')];
    const results = await Promise.all(tickets.map((ticket) => subject.store.admit(request({ ticket, parallel: [slots] }))));
    assert.is(results.filter((result) => result.status === 'admitted').length, 2);
    const admitted = tickets.filter((_ticket, index) => results[index]!.status === 'admitted');
    await subject.store.settle({ ticket: admitted[0]!, windows: [], parallel: [slots.counter], budgets: [] });
    assert.is((await subject.store.admit(request({ parallel: [slots] }))).status, 'admitted');
    assert.is((await subject.store.admit(request({ parallel: [slots] }))).status, 'refused');
  });

  test('a budget counter must be built before use; then reservations hold the budget', async ({ subject }) => {
    const budget = unique('budget');
    const first = await subject.store.admit(request({ budgets: [{ counter: budget, limit: 1, amount: 0.4 }] }));
    assert.is(first.status, 'unbuilt');
    assert.ok(first.budgets[0]!.unbuilt);
    await builtBudget(subject.store, budget, 0.1);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => subject.store.admit(request({ budgets: [{ counter: budget, limit: 1, amount: 0.4 }] }))),
    );
    // 0.1 spent: room for two reservations of 0.4.
    assert.is(results.filter((result) => result.status === 'admitted').length, 2);
    const reading = await subject.store.readBudget(budget);
    assert.ok(Math.abs(reading!.reserved - 0.8) < 1e-12);
    assert.ok(Math.abs(reading!.spend - 0.1) < 1e-12);
  });

  test('settling replaces a reservation with the real cost and reports the spend before and after', async ({ subject }) => {
    const budget = unique('budget');
    const generation = await builtBudget(subject.store, budget);
    assert.match(generation, /\S/, 'a generation is never empty');
    const ticket = unique('ticket');
    assert.is((await subject.store.admit(request({ ticket, budgets: [{ counter: budget, limit: 1, amount: 0.5 }] }))).status, 'admitted');
    const [settled] = await subject.store.settle({ ticket, windows: [], parallel: [], budgets: [{ counter: budget, cost: 0.2 }] });
    assert.is(settled!.generation, generation, 'settled spend names the generation that counted it');
    assert.is(settled!.spendBefore, 0);
    assert.ok(Math.abs(settled!.spendAfter - 0.2) < 1e-12);
    assert.equal(await subject.store.readBudget(budget), { spend: settled!.spendAfter, reserved: 0 });
  });

  test('a spent budget refuses even a request that costs nothing', async ({ subject }) => {
    const budget = unique('budget');
    await builtBudget(subject.store, budget, 1);
    assert.is((await subject.store.admit(request({ budgets: [{ counter: budget, limit: 1, amount: 0 }] }))).status, 'refused');
  });

  test('rebuilding: spend written after the snapshot is added, spend the snapshot holds is not', async ({ subject }) => {
    const budget = unique('budget');
    const mark = await subject.store.beginBudgetBuild(budget);
    // Flushed while the builder reads the database: version 6 is in its snapshot, version 7 is not.
    await subject.store.reconcile([
      { counter: budget, generation: null, version: 6, amount: 0.25 },
      { counter: budget, generation: null, version: 7, amount: 0.5 },
    ]);
    assert.ok(await subject.store.finishBudgetBuild(budget, mark.generation, { spend: 2.25, version: 6 }));
    assert.is((await subject.store.readBudget(budget))!.spend, 2.75);
  });

  test('reconciling: a write the counter counted at settlement is not added again; others are', async ({ subject }) => {
    const budget = unique('budget');
    await builtBudget(subject.store, budget, 0, 3);
    const ticket = unique('ticket');
    await subject.store.admit(request({ ticket, budgets: [{ counter: budget, limit: 10, amount: 1 }] }));
    const [settled] = await subject.store.settle({ ticket, windows: [], parallel: [], budgets: [{ counter: budget, cost: 1 }] });
    await subject.store.reconcile([
      { counter: budget, generation: settled!.generation, version: 4, amount: 1 },
      // Settled while the counter was missing: not counted yet, written after the snapshot.
      { counter: budget, generation: null, version: 5, amount: 2 },
      // Older than the snapshot: already in it.
      { counter: budget, generation: null, version: 3, amount: 4 },
    ]);
    assert.is((await subject.store.readBudget(budget))!.spend, 3);
  });

  test('after the store loses its data, the budget must be rebuilt, and settling a lost counter counts nothing', async ({ subject }) => {
    const budget = unique('budget');
    await builtBudget(subject.store, budget, 0.5);
    const ticket = unique('ticket');
    await subject.store.admit(request({ ticket, budgets: [{ counter: budget, limit: 1, amount: 0.1 }] }));
    await subject.clear();
    const [settled] = await subject.store.settle({ ticket, windows: [], parallel: [], budgets: [{ counter: budget, cost: 0.1 }] });
    assert.is(settled!.generation, null);
    assert.is((await subject.store.admit(request({ budgets: [{ counter: budget, limit: 1, amount: 0.1 }] }))).status, 'unbuilt');
  });

  test('a second builder finds the counter being built, and only the mark holder finishes it', async ({ subject }) => {
    const budget = unique('budget');
    const first = await subject.store.beginBudgetBuild(budget);
    const second = await subject.store.beginBudgetBuild(budget);
    assert.is(second.generation, first.generation);
    assert.not.ok(await subject.store.finishBudgetBuild(budget, 'some-other-generation', { spend: 9, version: 1 }));
    assert.ok(await subject.store.finishBudgetBuild(budget, first.generation, { spend: 1, version: 1 }));
    assert.is((await subject.store.beginBudgetBuild(budget)).state, 'ready');
    assert.not.ok(await subject.store.finishBudgetBuild(budget, first.generation, { spend: 5, version: 2 }), 'a ready counter is not rebuilt');
  });

  test('renewing keeps slots and reservations of running requests', async ({ subject }) => {
    const slots = { counter: unique('parallel'), limit: 1 };
    const ticket = unique('ticket');
    await subject.store.admit(request({ ticket, leaseMs: 60_000, parallel: [slots] }));
    await subject.store.renew([{ ticket, parallel: [slots.counter], budgets: [] }], 120_000);
    assert.is((await subject.store.admit(request({ parallel: [slots] }))).status, 'refused');
  });

  test('a slot renewed for longer than twice its lease is still held (a long realtime session keeps its slot)', async ({ subject }) => {
    const slots = { counter: unique('parallel'), limit: 1 };
    const ticket = unique('ticket');
    const leaseMs = 150;
    await subject.store.admit(request({ ticket, leaseMs, parallel: [slots] }));
    const until = Date.now() + leaseMs * 4;
    while (Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, leaseMs / 3));
      await subject.store.renew([{ ticket, parallel: [slots.counter], budgets: [] }], leaseMs);
    }
    assert.is((await subject.store.admit(request({ leaseMs, parallel: [slots] }))).status, 'refused');
    await subject.store.settle({ ticket, windows: [], parallel: [slots.counter], budgets: [] });
    assert.is((await subject.store.admit(request({ leaseMs, parallel: [slots] }))).status, 'admitted', 'freed once settled');
  });

  test.run();
}
