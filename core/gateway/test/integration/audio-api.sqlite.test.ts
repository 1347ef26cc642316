import { sqliteTarget } from '../support/database-targets.ts';
import { audioApiSuite } from './audio-api-suite.ts';

audioApiSuite(sqliteTarget);
