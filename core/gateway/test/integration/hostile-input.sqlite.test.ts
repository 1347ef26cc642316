// In a process of its own, not in all-suites.sqlite.test.ts: it bounds how long the event loop may
// stall while a huge body is refused, and after sixteen other suites in the same process the bound
// failed on a loaded machine (a 1.1 s stall, twice in three runs; alone, it passed at the same load).
import { sqliteTarget } from '../support/database-targets.ts';
import { hostileInputSuite } from './hostile-input-suite.ts';

hostileInputSuite(sqliteTarget);
