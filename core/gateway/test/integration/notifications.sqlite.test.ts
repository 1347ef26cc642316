import { sqliteTarget } from '../support/database-targets.ts';
import { notificationsSuite } from './notifications-suite.ts';

notificationsSuite(sqliteTarget);
