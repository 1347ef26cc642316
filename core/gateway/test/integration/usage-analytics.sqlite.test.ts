import { sqliteTarget } from '../support/database-targets.ts';
import { usageAnalyticsSuite } from './usage-analytics-suite.ts';

usageAnalyticsSuite(sqliteTarget);
