/** The integration suites on SQLite, the default database: each gateway gets its own file in its data dir. */
import { sqliteTarget } from '../support/database-targets.ts';
import { audioApiSuite } from './audio-api-suite.ts';
import { hostileInputSuite } from './hostile-input-suite.ts';
import { integrationSuites } from './integration-suites.ts';

// hostile-input.sqlite.test.ts runs that one alone (see there why); audio-api.sqlite.test.ts runs the
// audio suite beside this file (its local engines take a while).
const alone = new Set([hostileInputSuite, audioApiSuite]);
for (const registerSuite of integrationSuites) if (!alone.has(registerSuite)) registerSuite(sqliteTarget);
