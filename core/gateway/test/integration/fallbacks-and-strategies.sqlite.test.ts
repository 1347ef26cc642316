import { sqliteTarget } from '../support/database-targets.ts';
import { fallbacksAndStrategiesSuite } from './fallbacks-and-strategies-suite.ts';

fallbacksAndStrategiesSuite(sqliteTarget);
