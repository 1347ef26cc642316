import type { CallOptions } from '@conduit/plugin-api';
import type { Cancellation } from '@conduit/plugin-api/internal';
import type { DeploymentRoute } from '../../engine/state/config-snapshot.ts';

/**
 * The options of one upstream call. Its AbortSignal is made only when a plugin reads `signal` (an
 * own, enumerable getter, so a plugin that copies the options with a spread still gets one).
 */
export function callOptions(route: DeploymentRoute, cancellation: Cancellation, requestId: string): CallOptions {
  return {
    get signal(): AbortSignal {
      return cancellation.signal;
    },
    cancellation,
    requestId,
    timeouts: route.timeouts,
  };
}
