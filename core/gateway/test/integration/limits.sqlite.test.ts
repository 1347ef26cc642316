import { sqliteTarget } from '../support/database-targets.ts';
import { limitsSuite } from './limits-suite.ts';

limitsSuite(sqliteTarget);
