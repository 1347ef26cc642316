/**
 * AdminTransactions on a real SQLite file: work that waits outside (`callOut`) runs without the
 * mutation's transaction, what follows it joins and rolls back with it; work that outlives its
 * mutation (a timer set inside it) neither waits for a settling that already happened nor begins a
 * transaction nobody will end.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Transaction } from 'sequelize';
import { makeTempDir } from '../../../../test/support/make-temp-dir.ts';
import { openDatabase } from '../../src/infrastructure/database/open-database.ts';
import { AdminTransactions, callOut, openAdminTransaction } from '../../src/infrastructure/database/admin-transactions.ts';

const database = await openDatabase({ databaseUrl: undefined, dataDir: makeTempDir('admin-transactions') });
const { sequelize } = database;
const { GlobalSettingRecord } = database.models;
const transactions = new AdminTransactions(sequelize);
test.after(() => database.close());

const write = (key: string) => GlobalSettingRecord.upsert({ key, value: 'x', updatedAt: new Date() });
const stored = async (key: string) => (await GlobalSettingRecord.findByPk(key)) !== null;
/** Another writer, in its own IMMEDIATE transaction, as the request-log writer writes. */
const writeElsewhere = (key: string) =>
  sequelize.transaction({ type: Transaction.TYPES.IMMEDIATE }, (transaction) => GlobalSettingRecord.upsert({ key, value: 'x', updatedAt: new Date() }, { transaction }));

test('statements in callOut neither begin nor join the transaction; what the mutation writes after it rolls back with it', async () => {
  let error: unknown;
  try {
    await transactions.run(async () => {
      await callOut(async () => {
        await GlobalSettingRecord.findAll();
        assert.is(openAdminTransaction(), undefined, 'no transaction inside');
      });
      assert.is(openAdminTransaction(), undefined, 'the read in callOut began none');
      // Nothing holds the write lock yet: another writer commits at once.
      const started = performance.now();
      await writeElsewhere('written-elsewhere');
      assert.ok(performance.now() - started < 1_000);
      await write('written-by-the-mutation');
      assert.ok(openAdminTransaction(), 'the first write after callOut began the transaction');
      throw new Error('roll back');
    });
  } catch (thrown) {
    error = thrown;
  }
  assert.match(String(error), /roll back/);
  assert.ok(await stored('written-elsewhere'));
  assert.not.ok(await stored('written-by-the-mutation'), 'rolled back with the mutation');
});

test('callOut once the mutation holds its transaction is refused, and the mutation rolls back', async () => {
  let error: unknown;
  try {
    await transactions.run(async () => {
      await write('before-the-call');
      await callOut(async () => undefined);
    });
  } catch (thrown) {
    error = thrown;
  }
  assert.match(String(error), /callOut after the admin mutation/);
  assert.not.ok(await stored('before-the-call'));
});

test('callOut outside any mutation just runs the work', async () => {
  assert.is(await callOut(async () => 42), 42);
});

test('work that outlives its mutation runs on its own: whenSettled says so, and a write commits by itself', async () => {
  // Another mutation still running keeps the context storage switched on, as under concurrent admin calls.
  let release!: () => void;
  const other = transactions.run(() => new Promise<void>((resolve) => (release = resolve)));
  let late!: Promise<{ deferred: boolean; transaction: Transaction | undefined }>;
  for (const [name, mutation] of [
    ['after a mutation that wrote', () => write('the-mutation-wrote')],
    ['after a mutation that wrote nothing', async () => undefined],
  ] as const) {
    await transactions.run(async () => {
      await mutation();
      late = new Promise((resolve) =>
        setTimeout(() => {
          void (async () => {
            const deferred = transactions.whenSettled(
              () => undefined,
              () => undefined,
            );
            await write(`late-${name}`);
            resolve({ deferred, transaction: openAdminTransaction() });
          })();
        }, 20),
      );
    });
    const outcome = await late;
    assert.is(outcome.deferred, false, `${name}: no settling left to wait for`);
    assert.is(outcome.transaction, undefined, `${name}: no transaction begun`);
    assert.ok(await stored(`late-${name}`), `${name}: the late write committed`);
    await writeElsewhere(`after-${name}`);
  }
  release();
  await other;
});

test.run();
