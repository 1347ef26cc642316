/** The integration suites on SQLite, the default database: each gateway gets its own file in its data dir. */
import { sqliteTarget } from '../support/database-targets.ts';
import { adminAuditAtomicitySuite } from './admin-audit-atomicity-suite.ts';
import { audioApiSuite } from './audio-api-suite.ts';
import { hostileInputSuite } from './hostile-input-suite.ts';
import { integrationSuites } from './integration-suites.ts';

// hostile-input.sqlite.test.ts runs that one alone (see there why); audio-api.sqlite.test.ts and
// admin-audit-atomicity.sqlite.test.ts run theirs beside this file (they take a while).
const alone = new Set([hostileInputSuite, audioApiSuite, adminAuditAtomicitySuite]);
for (const registerSuite of integrationSuites) if (!alone.has(registerSuite)) registerSuite(sqliteTarget);
