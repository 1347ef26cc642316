/** The Lua behind the Redis counter store, each script with the shared prelude prepended. */
import { readFileSync } from 'node:fs';

const read = (name: string): string => readFileSync(new URL(`./lua/${name}.lua`, import.meta.url), 'utf8');
const prelude = read('prelude');

export const redisScripts = {
  conduitAdmit: `${prelude}\n${read('admit')}`,
  conduitSettle: `${prelude}\n${read('settle')}`,
  conduitRenew: `${prelude}\n${read('renew')}`,
  conduitPeek: `${prelude}\n${read('peek')}`,
  conduitBudgetRead: `${prelude}\n${read('budget-read')}`,
  conduitBudgetBeginBuild: read('budget-begin-build'),
  conduitBudgetFinishBuild: `${prelude}\n${read('budget-finish-build')}`,
  conduitBudgetReconcile: `${prelude}\n${read('budget-reconcile')}`,
} as const;

export type RedisScriptName = keyof typeof redisScripts;
