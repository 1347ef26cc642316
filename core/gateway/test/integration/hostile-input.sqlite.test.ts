import { sqliteTarget } from '../support/database-targets.ts';
import { hostileInputSuite } from './hostile-input-suite.ts';

hostileInputSuite(sqliteTarget);
