/** The integration suites on SQLite, the default database: each gateway gets its own file in its data dir. */
import { sqliteTarget } from '../support/database-targets.ts';
import { hostileInputSuite } from './hostile-input-suite.ts';
import { integrationSuites } from './integration-suites.ts';

// hostile-input.sqlite.test.ts runs that one alone (see there why).
for (const registerSuite of integrationSuites) if (registerSuite !== hostileInputSuite) registerSuite(sqliteTarget);
