/**
 * Every integration suite that runs against a database target, in the order they run. The SQLite
 * and MariaDB files run them all in one process each: importing and starting the gateway's code costs
 * a process more than most suites' own tests do.
 */
import type { DatabaseTarget } from '../support/database-targets.ts';
import { adminApiSuite } from './admin-api-suite.ts';
import { adminAuditAtomicitySuite } from './admin-audit-atomicity-suite.ts';
import { adminRolesAndAuditSuite } from './admin-roles-and-audit-suite.ts';
import { audioApiSuite } from './audio-api-suite.ts';
import { errorsSuite } from './errors-suite.ts';
import { fallbacksAndStrategiesSuite } from './fallbacks-and-strategies-suite.ts';
import { hostileInputSuite } from './hostile-input-suite.ts';
import { ipFiltersSuite } from './ip-filters-suite.ts';
import { keysAdminSuite } from './keys-admin-suite.ts';
import { limitsSuite } from './limits-suite.ts';
import { malformedAdminAndHttpSuite } from './malformed-admin-and-http-suite.ts';
import { moneySuite } from './money-suite.ts';
import { notificationsSuite } from './notifications-suite.ts';
import { openAISdkSuite } from './openai-sdk-suite.ts';
import { providerValidationSuite } from './provider-validation-suite.ts';
import { refusedRequestsSuite } from './refused-requests-suite.ts';
import { resilienceSuite } from './resilience-suite.ts';
import { routerSuite } from './router-suite.ts';
import { storedResponsesSuite } from './stored-responses-suite.ts';
import { usageAnalyticsSuite } from './usage-analytics-suite.ts';

export const integrationSuites: ReadonlyArray<(target: DatabaseTarget) => void> = [
  openAISdkSuite,
  errorsSuite,
  adminApiSuite,
  routerSuite,
  fallbacksAndStrategiesSuite,
  resilienceSuite,
  limitsSuite,
  moneySuite,
  ipFiltersSuite,
  notificationsSuite,
  keysAdminSuite,
  providerValidationSuite,
  refusedRequestsSuite,
  hostileInputSuite,
  malformedAdminAndHttpSuite,
  adminRolesAndAuditSuite,
  adminAuditAtomicitySuite,
  usageAnalyticsSuite,
  audioApiSuite,
  storedResponsesSuite,
];
