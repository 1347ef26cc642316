import { sqliteTarget } from '../support/database-targets.ts';
import { keysAdminSuite } from './keys-admin-suite.ts';

keysAdminSuite(sqliteTarget);
