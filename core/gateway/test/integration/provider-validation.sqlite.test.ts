import { sqliteTarget } from '../support/database-targets.ts';
import { providerValidationSuite } from './provider-validation-suite.ts';

providerValidationSuite(sqliteTarget);
