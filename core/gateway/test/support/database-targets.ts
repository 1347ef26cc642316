/**
 * The databases an integration suite runs against: the embedded SQLite default, and MariaDB when
 * its binaries are installed (required in CI via CONDUIT_REQUIRE_SERVICES=1).
 */
import { startMariaDb, type MariaDbServer } from '../../../../test/support/services.ts';

export interface DatabaseTarget {
  name: string;
  /**
   * A fresh, empty database for one gateway; undefined means SQLite in the data dir. `latin1` makes
   * a MariaDB database with a stock server's defaults (SQLite has no such thing and ignores it).
   */
  freshDatabaseUrl(options?: { charset?: 'latin1' }): Promise<string | undefined>;
  stop(): Promise<void>;
}

export const sqliteTarget: DatabaseTarget = {
  name: 'sqlite',
  freshDatabaseUrl: async () => undefined,
  stop: async () => {},
};

/** Null (after printing a conduit-skip line) when MariaDB is not installed and not required. */
export async function mariaDbTarget(): Promise<DatabaseTarget | null> {
  const server: MariaDbServer | null = await startMariaDb();
  if (!server) return null;
  let counter = 0;
  return {
    name: 'mariadb',
    freshDatabaseUrl: (options) => server.createDatabase(`conduit_test_${++counter}`, options),
    stop: () => server.stop(),
  };
}

/**
 * Registers `check` as two tests, `<title>: SQLite` and `<title>: MariaDB`; the MariaDB one starts
 * its own server and stops it after (it passes empty, with the skip line, where MariaDB is absent).
 */
export function testOnEachDatabase(test: (name: string, handler: () => Promise<void>) => void, title: string, check: (target: DatabaseTarget) => Promise<void>): void {
  test(`${title}: SQLite`, () => check(sqliteTarget));
  test(`${title}: MariaDB`, async () => {
    const mariadb = await mariaDbTarget();
    if (!mariadb) return;
    try {
      await check(mariadb);
    } finally {
      await mariadb.stop();
    }
  });
}
