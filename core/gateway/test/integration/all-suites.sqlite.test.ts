/** The integration suites on SQLite, the default database: each gateway gets its own file in its data dir. */
import { sqliteTarget } from '../support/database-targets.ts';
import { integrationSuites } from './integration-suites.ts';

for (const registerSuite of integrationSuites) registerSuite(sqliteTarget);
