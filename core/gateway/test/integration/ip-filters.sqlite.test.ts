import { sqliteTarget } from '../support/database-targets.ts';
import { ipFiltersSuite } from './ip-filters-suite.ts';

ipFiltersSuite(sqliteTarget);
