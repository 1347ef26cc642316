import { sqliteTarget } from '../support/database-targets.ts';
import { moneySuite } from './money-suite.ts';

moneySuite(sqliteTarget);
