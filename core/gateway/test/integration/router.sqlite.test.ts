import { sqliteTarget } from '../support/database-targets.ts';
import { routerSuite } from './router-suite.ts';

routerSuite(sqliteTarget);
