import { sqliteTarget } from '../support/database-targets.ts';
import { openAISdkSuite } from './openai-sdk-suite.ts';

openAISdkSuite(sqliteTarget);
