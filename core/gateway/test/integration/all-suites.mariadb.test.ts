/** The integration suites again, on a real MariaDB started for this file (skipped when not installed). */
import { suite } from 'uvu';
import { mariaDbTarget } from '../support/database-targets.ts';
import { adminApiSuite } from './admin-api-suite.ts';
import { fallbacksAndStrategiesSuite } from './fallbacks-and-strategies-suite.ts';
import { errorsSuite } from './errors-suite.ts';
import { openAISdkSuite } from './openai-sdk-suite.ts';
import { resilienceSuite } from './resilience-suite.ts';
import { routerSuite } from './router-suite.ts';
import { ipFiltersSuite } from './ip-filters-suite.ts';
import { keysAdminSuite } from './keys-admin-suite.ts';
import { limitsSuite } from './limits-suite.ts';
import { moneySuite } from './money-suite.ts';
import { notificationsSuite } from './notifications-suite.ts';
import { providerValidationSuite } from './provider-validation-suite.ts';
import { refusedRequestsSuite } from './refused-requests-suite.ts';
import { hostileInputSuite } from './hostile-input-suite.ts';
import { malformedAdminAndHttpSuite } from './malformed-admin-and-http-suite.ts';
import { adminRolesAndAuditSuite } from './admin-roles-and-audit-suite.ts';
import { usageAnalyticsSuite } from './usage-analytics-suite.ts';
import { adminAuditAtomicitySuite } from './admin-audit-atomicity-suite.ts';

const target = await mariaDbTarget();
if (target) {
  openAISdkSuite(target);
  errorsSuite(target);
  adminApiSuite(target);
  routerSuite(target);
  fallbacksAndStrategiesSuite(target);
  resilienceSuite(target);
  limitsSuite(target);
  moneySuite(target);
  ipFiltersSuite(target);
  notificationsSuite(target);
  keysAdminSuite(target);
  providerValidationSuite(target);
  refusedRequestsSuite(target);
  hostileInputSuite(target);
  malformedAdminAndHttpSuite(target);
  adminRolesAndAuditSuite(target);
  usageAnalyticsSuite(target);
  adminAuditAtomicitySuite(target);
  // Runs last (uvu runs suites in order): stops the server.
  const teardown = suite('mariadb teardown');
  teardown.after(() => target.stop());
  teardown('stops the MariaDB server', () => {});
  teardown.run();
} else {
  // Not installed and not required: the skip line is printed; uvu still reports an empty run.
  suite('mariadb').run();
}
