import { sqliteTarget } from '../support/database-targets.ts';
import { adminRolesAndAuditSuite } from './admin-roles-and-audit-suite.ts';

adminRolesAndAuditSuite(sqliteTarget);
