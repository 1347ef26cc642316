import { sqliteTarget } from '../support/database-targets.ts';
import { adminApiSuite } from './admin-api-suite.ts';

adminApiSuite(sqliteTarget);
