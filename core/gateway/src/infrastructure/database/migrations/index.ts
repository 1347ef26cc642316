/** Every migration, in order. A new migration is a new file and a new line here; never edit an old one. */
import * as initial from './0001-initial.ts';
import * as router from './0002-router.ts';
import * as keysAndLimits from './0003-keys-and-limits.ts';
import * as exactMoney from './0004-exact-money.ts';
import * as utf8mb4 from './0005-utf8mb4.ts';
import * as adminTokensAndAudit from './0006-admin-tokens-and-audit.ts';
import * as usageRollups from './0007-usage-rollups.ts';
import * as audioRealtimeFoundation from './0008-audio-realtime-foundation.ts';
import * as deploymentOptions from './0009-deployment-options.ts';
import * as healthCheckProbes from './0010-health-check-probes.ts';
import * as rollupPrimaryKeys from './0011-rollup-primary-keys.ts';
import * as usageRollupsKeyDay from './0012-usage-rollups-key-day.ts';
import * as requestLogCacheHit from './0013-request-log-cache-hit.ts';
import * as storedResponses from './0014-stored-responses.ts';
import * as cacheWrite1hPrice from './0015-cache-write-1h-price.ts';
import * as rollupsFile from './0016-rollups-file.ts';

export const migrations = [
  { name: '0001-initial', ...initial },
  { name: '0002-router', ...router },
  { name: '0003-keys-and-limits', ...keysAndLimits },
  { name: '0004-exact-money', ...exactMoney },
  { name: '0005-utf8mb4', ...utf8mb4 },
  { name: '0006-admin-tokens-and-audit', ...adminTokensAndAudit },
  { name: '0007-usage-rollups', ...usageRollups },
  { name: '0008-audio-realtime-foundation', ...audioRealtimeFoundation },
  { name: '0009-deployment-options', ...deploymentOptions },
  { name: '0010-health-check-probes', ...healthCheckProbes },
  { name: '0011-rollup-primary-keys', ...rollupPrimaryKeys },
  { name: '0012-usage-rollups-key-day', ...usageRollupsKeyDay },
  { name: '0013-request-log-cache-hit', ...requestLogCacheHit },
  { name: '0014-stored-responses', ...storedResponses },
  { name: '0015-cache-write-1h-price', ...cacheWrite1hPrice },
  { name: '0016-rollups-file', ...rollupsFile },
];
