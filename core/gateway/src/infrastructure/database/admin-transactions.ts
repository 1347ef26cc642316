/**
 * One transaction around a whole admin mutation: every statement the mutation runs, in any service,
 * joins it without being handed it (Sequelize's CLS hook reads it from an AsyncLocalStorage), so the
 * audit row commits or rolls back with the change. Work that must only happen once the change is in
 * the database (applying it to the in-memory configuration, telling other instances) is deferred to
 * after the commit, and undone (reloaded) after a rollback.
 *
 * The transaction begins at the mutation's first statement, not before: on SQLite it is IMMEDIATE
 * (it takes the write lock at BEGIN, since a transaction that reads first is refused the upgrade to a
 * write at once when the log writer committed meanwhile). A mutation that waits on something outside
 * (a provider probe, a test webhook) does that waiting in `callOut`, before its first statement, so
 * the lock (and every other writer, the request-log writer among them) never waits for it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Sequelize, Transaction } from 'sequelize';
import type { CommitScope } from '../../ports/commit-scope.ts';

interface Scope {
  sequelize: Sequelize;
  transaction?: Transaction;
  beginning?: Promise<Transaction>;
  committed: Array<() => Promise<void> | void>;
  rolledBack: Array<() => Promise<void> | void>;
  /**
   * Committed or rolled back. Work started inside the mutation can outlive it (a timer set while the
   * change was applied keeps this scope): it then neither begins a transaction nor waits for a settling
   * that already happened.
   */
  settled: boolean;
}

const storage = new AsyncLocalStorage<Scope>();
/** Set by Sequelize once committed or rolled back (not in its type declarations). */
const finished = (transaction: Transaction | undefined): boolean => (transaction as { finished?: string } | undefined)?.finished !== undefined;
/** Mutations running now in this process: the storage is switched off when none is (see run). */
let running = 0;

/** The open transaction of the admin mutation this code runs in, if any (and not yet finished). */
export function openAdminTransaction(): Transaction | undefined {
  const transaction = storage.getStore()?.transaction;
  return transaction && !finished(transaction) ? transaction : undefined;
}

/** The admin mutation's transaction, begun if it was not yet; undefined outside a mutation. */
export async function joinAdminTransaction(): Promise<Transaction | undefined> {
  const scope = storage.getStore();
  return scope && !scope.settled ? begin(scope) : undefined;
}

/** Runs `work` outside any admin transaction (e.g. a purge that must commit batch by batch). */
export function outsideAdminTransaction<T>(work: () => T): T {
  return storage.getStore() ? storage.exit(work) : work();
}

/**
 * Runs work that waits on something outside the process (a provider probe, a webhook) without the
 * admin mutation's transaction: its statements neither join nor begin it, so the write lock is not
 * held while it waits. Call it before the mutation's first statement: what the mutation writes after
 * it (its findings, its audit row) joins the transaction as usual, and commits or rolls back with it.
 * Refused once the transaction has begun, since the wait would then hold the lock after all.
 */
export async function callOut<T>(work: () => Promise<T>): Promise<T> {
  const scope = storage.getStore();
  if (scope && !scope.settled && (scope.transaction || scope.beginning)) {
    throw new Error('callOut after the admin mutation wrote or read: its transaction (the write lock) would be held while it waits');
  }
  return outsideAdminTransaction(work);
}

// Sequelize's CLS hook is process-wide; only `get('transaction')` matters. Its own managed
// transactions (the request-log writer's) pass their transaction explicitly and are not put here.
const namespace = {
  get: (key: string) => (key === 'transaction' ? openAdminTransaction() : undefined),
  set: () => undefined,
  run: (fn: (context: Record<string, never>) => unknown) => fn({}),
  bind: <F>(fn: F) => fn,
};
let installed = false;
const patched = new WeakSet<Sequelize>();

export class AdminTransactions implements CommitScope {
  constructor(private readonly sequelize: Sequelize) {
    if (!installed) {
      Sequelize.useCLS(namespace);
      installed = true;
    }
    beginOnFirstStatement(sequelize);
  }

  /** Runs `work` in one transaction: committed if it resolves, rolled back if it (or the commit) throws. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    const scope: Scope = { sequelize: this.sequelize, committed: [], rolledBack: [], settled: false };
    running++;
    try {
      let result: T;
      try {
        result = await storage.run(scope, work);
        // A nested write still running (never awaited) must not outlive the transaction.
        if (scope.beginning) await scope.beginning;
        await scope.transaction?.commit();
        scope.settled = true;
      } catch (error) {
        if (scope.beginning) await scope.beginning.catch(() => undefined);
        if (scope.transaction && !finished(scope.transaction)) await scope.transaction.rollback().catch(() => undefined);
        scope.settled = true;
        for (const undo of scope.rolledBack) {
          try {
            await undo();
          } catch {
            // The mutation's own error is the one to report; the next configuration check repairs the rest.
          }
        }
        throw error;
      }
      for (const task of scope.committed) await task();
      return result;
    } finally {
      // An enabled AsyncLocalStorage makes Node (before 24) run promise hooks for every promise in
      // the process, /v1 included (~5% of the gateway's CPU under load); mutations are rare, so it is
      // switched off between them (run() switches it on again).
      if (--running === 0) storage.disable();
    }
  }

  /** The mutation's transaction, begun if it was not yet (a mutation that wrote nothing else still audits in one). */
  current(): Promise<Transaction | undefined> {
    return joinAdminTransaction();
  }

  whenSettled(committed: () => Promise<void> | void, rolledBack: () => Promise<void> | void): boolean {
    const scope = storage.getStore();
    if (!scope || scope.settled) return false;
    scope.committed.push(committed);
    scope.rolledBack.push(rolledBack);
    return true;
  }
}

function begin(scope: Scope): Promise<Transaction> {
  if (scope.transaction) return Promise.resolve(scope.transaction);
  scope.beginning ??= scope.sequelize
    .transaction({ type: scope.sequelize.getDialect() === 'sqlite' ? Transaction.TYPES.IMMEDIATE : undefined, transaction: undefined })
    .then((transaction) => (scope.transaction = transaction));
  return scope.beginning;
}

/** Every statement of a mutation first makes sure the mutation's transaction has begun (then Sequelize's CLS hook puts it in). */
function beginOnFirstStatement(sequelize: Sequelize): void {
  if (patched.has(sequelize)) return;
  patched.add(sequelize);
  const query = sequelize.query.bind(sequelize) as (sql: unknown, options?: { transaction?: Transaction | null }) => Promise<unknown>;
  (sequelize as unknown as { query: typeof query }).query = async (sql, options) => {
    const scope = storage.getStore();
    if (scope && !scope.settled && scope.sequelize === sequelize && options?.transaction === undefined && !finished(scope.transaction)) await begin(scope);
    return query(sql, options);
  };
}
