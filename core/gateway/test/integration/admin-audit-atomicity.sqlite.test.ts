import { sqliteTarget } from '../support/database-targets.ts';
import { adminAuditAtomicitySuite } from './admin-audit-atomicity-suite.ts';

adminAuditAtomicitySuite(sqliteTarget);
