/**
 * How the gateway holds its SQLite connections. Sequelize's sqlite dialect opens a connection of its
 * own for every transaction and closes it at the end, and leaves the lock timeout and page cache at
 * SQLite's defaults. Here:
 * - every connection waits up to 5 s for the write lock: a transaction (a price import) that met the
 *   request-log writer's lock failed at once with SQLITE_BUSY;
 * - a transaction's connection is kept, once the transaction committed or rolled back, for the next
 *   transaction: each batch of the request-log writer is a transaction, and a new connection started
 *   each with an empty page cache, so every page a batch touched (its indexes, the rollups) was read
 *   again;
 * - each connection caches up to `cachePages` KiB of pages instead of 2 MiB (memory is taken only as
 *   pages are read): the rollup folds touch pages all over their tables;
 * - a transaction whose COMMIT or ROLLBACK failed has its connection closed (SQLite rolls it back):
 *   Sequelize's own cleanup left such a connection open, holding its lock;
 * - every connection attaches the files given (`attach`: schema name -> file), before its first
 *   statement: the usage rollups live in a file of their own (usage-rollup-writer.ts).
 */
import type { Sequelize } from 'sequelize';

const busyTimeoutMs = 5000;
/** Per connection, in KiB (SQLite's negative cache_size). */
const cacheKiB = 32_768;
/** Connections kept between transactions, at most (the writer needs one; admin changes seldom a second). */
const idleLimit = 2;

interface SqliteConnection {
  configure(option: 'busyTimeout', ms: number): void;
  exec(sql: string, callback: (error: Error | null) => void): void;
  run(sql: string, callback?: (error: Error | null) => void): void;
  close(callback?: (error: Error | null) => void): void;
  /** Set by Sequelize to the transaction's id while a transaction holds the connection. */
  uuid?: string;
}

interface SqliteConnectionManager {
  connections: Record<string, SqliteConnection>;
  getConnection(options?: { uuid?: string }): Promise<SqliteConnection>;
  releaseConnection(connection: SqliteConnection, force?: boolean): void;
  destroyConnection(connection: SqliteConnection): Promise<void>;
  close(): Promise<void>;
}

export function configureSqliteConnections(sequelize: Sequelize, attach: Readonly<Record<string, string>> = {}): void {
  const manager = (sequelize as unknown as { connectionManager: SqliteConnectionManager }).connectionManager;
  const configured = new WeakSet<SqliteConnection>();
  const idle: SqliteConnection[] = [];
  const open = manager.getConnection.bind(manager);
  const release = manager.releaseConnection.bind(manager);
  const close = manager.close.bind(manager);

  manager.getConnection = async (options) => {
    const uuid = options?.uuid;
    const reusable = uuid !== undefined && uuid !== 'default' && manager.connections[uuid] === undefined ? idle.pop() : undefined;
    if (reusable) {
      manager.connections[uuid!] = reusable;
      return reusable;
    }
    const connection = await open(options);
    if (!configured.has(connection)) {
      configured.add(connection);
      connection.configure('busyTimeout', busyTimeoutMs);
      connection.run(`PRAGMA cache_size = -${cacheKiB}`);
      const attached = Object.entries(attach).map(([schema, file]) => `ATTACH DATABASE '${file.replaceAll("'", "''")}' AS ${schema};`);
      if (attached.length > 0) await new Promise<void>((resolve, reject) => connection.exec(attached.join(' '), (error) => (error ? reject(error) : resolve())));
    }
    return connection;
  };

  // Sequelize releases a transaction's connection only after its COMMIT or ROLLBACK succeeded.
  manager.releaseConnection = (connection, force) => {
    const uuid = connection.uuid;
    if (uuid === undefined || manager.connections[uuid] !== connection || idle.length >= idleLimit) return release(connection, force);
    delete manager.connections[uuid];
    idle.push(connection);
  };

  // Called when a COMMIT or ROLLBACK failed: the transaction may still be open.
  manager.destroyConnection = async (connection) => {
    const uuid = connection.uuid;
    if (uuid !== undefined && manager.connections[uuid] === connection) delete manager.connections[uuid];
    await new Promise<void>((resolve) => connection.close(() => resolve()));
  };

  manager.close = async () => {
    const kept = idle.splice(0);
    await Promise.all(kept.map((connection) => new Promise<void>((resolve) => connection.close(() => resolve()))));
    await close();
  };
}
