/** The integration suites again, on a real MariaDB started for this file (skipped when not installed). */
import { suite } from 'uvu';
import { mariaDbTarget } from '../support/database-targets.ts';
import { integrationSuites } from './integration-suites.ts';

const target = await mariaDbTarget();
if (target) {
  for (const registerSuite of integrationSuites) registerSuite(target);
  // Runs last (uvu runs suites in order): stops the server.
  const teardown = suite('mariadb teardown');
  teardown.after(() => target.stop());
  teardown('stops the MariaDB server', () => {});
  teardown.run();
} else {
  // Not installed and not required: the skip line is printed; uvu still reports an empty run.
  suite('mariadb').run();
}
