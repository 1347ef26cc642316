import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createConnection, type ConnectionOptions } from 'mysql2/promise';
import { requireBinaries } from './find-binary.ts';
import { freePort } from './free-port.ts';
import { makeTempDir, removeTempDir } from './make-temp-dir.ts';
import { initialiseDataDir } from './mariadb-template.ts';
import { memoryTempParent } from './memory-temp-parent.ts';
import { readLogTail } from './read-log-tail.ts';
import { spawnService, type ServiceProcess } from './service-process.ts';
import { waitUntil } from './wait-until.ts';

/** A throwaway MariaDB server on 127.0.0.1, owned by one test process. */
export interface MariaDbServer {
  /** `mysql://conduit:<password>@127.0.0.1:<port>/conduit_test`, a database made for the caller. */
  readonly url: string;
  readonly port: number;
  /**
   * Creates another database the `conduit` user owns, and returns its URL. utf8mb4 unless told
   * otherwise: `latin1` is what a stock server's defaults give a database nobody configured.
   */
  createDatabase(name: string, options?: { charset?: 'utf8mb4' | 'latin1' }): Promise<string>;
  /** Shuts the server down cleanly and deletes its data. Safe to call twice. */
  stop(): Promise<void>;
}

const USER = 'conduit';
const DEFAULT_DATABASE = 'conduit_test';
const STARTUP_TIMEOUT_MS = 30_000;
const PORT_ATTEMPTS = 3;
// Small, and unsafe on power loss, which a throwaway server never needs to survive.
const INIT_OPTIONS = [
  '--innodb-buffer-pool-size=64M',
  '--innodb-log-file-size=8M',
  '--skip-log-bin',
  '--character-set-server=utf8mb4',
  '--collation-server=utf8mb4_unicode_ci',
];
// Server only: the installer must shut down cleanly, or its data files are left unwritten.
const SERVER_OPTIONS = [
  ...INIT_OPTIONS,
  '--innodb-doublewrite=0',
  '--innodb-flush-log-at-trx-commit=0',
  // No fsync of the .frm files and the DDL log a CREATE TABLE writes (InnoDB's redo log still syncs).
  '--debug-no-sync',
  '--skip-sync-frm',
  '--innodb-fast-shutdown=2',
  '--innodb-buffer-pool-dump-at-shutdown=0',
  '--innodb-buffer-pool-load-at-startup=0',
];

/**
 * Starts a fresh MariaDB (initialised in a temp dir) with a `conduit` user and database.
 * Returns null (after printing a `conduit-skip:` line) when MariaDB is not installed, unless
 * CONDUIT_REQUIRE_SERVICES=1, which makes that an error.
 */
export async function startMariaDb(): Promise<MariaDbServer | null> {
  const binaries = requireBinaries('mariadb', [['mariadbd', 'mysqld'], ['mariadb-install-db', 'mysql_install_db']]);
  if (binaries === null) return null;
  const [serverBinary, installBinary] = binaries;
  const dir = makeTempDir('mariadb', memoryTempParent());
  const paths = { dataDir: join(dir, 'data'), socket: join(dir, 'mysqld.sock'), errorLog: join(dir, 'error.log') };
  const userArgs = process.getuid?.() === 0 ? ['--user=root'] : [];

  try {
    await initialiseDataDir(installBinary, serverBinary, [
      '--no-defaults', ...userArgs, '--auth-root-authentication-method=normal', '--skip-test-db', ...INIT_OPTIONS,
    ], paths.dataDir);
  } catch (error) {
    removeTempDir(dir);
    throw error;
  }

  const { service, port } = await startServer(serverBinary, [
    '--no-defaults', ...userArgs, `--datadir=${paths.dataDir}`, `--socket=${paths.socket}`,
    `--pid-file=${join(dir, 'mysqld.pid')}`, `--log-error=${paths.errorLog}`, `--tmpdir=${dir}`,
    '--bind-address=127.0.0.1', '--skip-name-resolve', ...SERVER_OPTIONS,
  ], dir, paths);

  const rootOptions: ConnectionOptions = { socketPath: paths.socket, user: 'root' };
  const password = randomBytes(12).toString('hex');
  const urlFor = (database: string): string => `mysql://${USER}:${password}@127.0.0.1:${port}/${database}`;

  async function createDatabase(name: string, options: { charset?: 'utf8mb4' | 'latin1' } = {}): Promise<string> {
    if (!/^[A-Za-z0-9_]{1,64}$/.test(name)) throw new Error(`Invalid database name: ${JSON.stringify(name)}`);
    const charset = options.charset === 'latin1' ? 'latin1 COLLATE latin1_swedish_ci' : 'utf8mb4 COLLATE utf8mb4_unicode_ci';
    await runStatements(rootOptions, [
      `CREATE DATABASE \`${name}\` CHARACTER SET ${charset}`,
      `GRANT ALL PRIVILEGES ON \`${name}\`.* TO '${USER}'@'127.0.0.1'`,
    ]);
    return urlFor(name);
  }

  let stopping: Promise<void> | undefined;
  // The SHUTDOWN statement over the socket is what `mariadb-admin shutdown` sends, minus the
  // tool's one-second pid-file polling; the process exit is awaited instead.
  async function shutDown(): Promise<void> {
    try {
      await runStatements(rootOptions, ['SHUTDOWN']);
    } catch {
      service.child.kill('SIGTERM');
    }
    await service.waitForExit(20_000);
    removeTempDir(dir);
  }

  try {
    await runStatements(rootOptions, [`CREATE USER '${USER}'@'127.0.0.1' IDENTIFIED BY '${password}'`]);
    const url = await createDatabase(DEFAULT_DATABASE);
    await runOverTcp(port, password);
    return { url, port, createDatabase, stop: () => (stopping ??= shutDown()) };
  } catch (error) {
    await service.kill();
    throw error;
  }
}

interface ServerPaths {
  socket: string;
  errorLog: string;
}

/** Starts mariadbd on a free port, retrying on another port if one was taken in the meantime. */
async function startServer(
  binary: string,
  args: readonly string[],
  dir: string,
  paths: ServerPaths,
): Promise<{ service: ServiceProcess; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const service = spawnService(binary, [...args, `--port=${port}`], dir);
    try {
      await waitUntil(() => pingSocket(paths.socket), {
        timeoutMs: STARTUP_TIMEOUT_MS,
        description: `MariaDB on port ${port}`,
        abortIf: () => {
          const status = service.exitStatus();
          return status === undefined ? undefined : new Error(`mariadbd ${status}:\n${readLogTail(paths.errorLog)}`);
        },
      });
      return { service, port };
    } catch (error) {
      const portTaken = /address already in use/i.test(readLogTail(paths.errorLog, 5));
      if (!portTaken || attempt >= PORT_ATTEMPTS) {
        await service.kill();
        throw error;
      }
      await service.waitForExit(5000);
    }
  }
}

async function pingSocket(socketPath: string): Promise<boolean> {
  await runStatements({ socketPath, user: 'root', connectTimeout: 2000 }, ['SELECT 1']);
  return true;
}

// Rethrown without mysql2's `sql` field, which would carry the generated password into logs.
async function runStatements(options: ConnectionOptions, statements: readonly string[]): Promise<void> {
  const connection = await createConnection(options);
  try {
    for (const statement of statements) await connection.query(statement);
  } catch (error) {
    throw new Error(`MariaDB statement failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await connection.end();
  }
}

async function runOverTcp(port: number, password: string): Promise<void> {
  await runStatements({ host: '127.0.0.1', port, user: USER, password, database: DEFAULT_DATABASE }, ['SELECT 1']);
}
