import { sqliteTarget } from '../support/database-targets.ts';
import { malformedAdminAndHttpSuite } from './malformed-admin-and-http-suite.ts';

malformedAdminAndHttpSuite(sqliteTarget);
