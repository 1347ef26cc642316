import { sqliteTarget } from '../support/database-targets.ts';
import { resilienceSuite } from './resilience-suite.ts';

resilienceSuite(sqliteTarget);
