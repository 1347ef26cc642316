import { sqliteTarget } from '../support/database-targets.ts';
import { errorsSuite } from './errors-suite.ts';

errorsSuite(sqliteTarget);
