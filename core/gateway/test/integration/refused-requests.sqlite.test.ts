import { sqliteTarget } from '../support/database-targets.ts';
import { refusedRequestsSuite } from './refused-requests-suite.ts';

refusedRequestsSuite(sqliteTarget);
