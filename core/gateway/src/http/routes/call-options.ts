import type { CallOptions } from '@conduit/plugin-api';
import type { DeploymentRoute } from '../../state/config-snapshot.ts';

export function callOptions(route: DeploymentRoute, signal: AbortSignal, requestId: string): CallOptions {
  return { signal, requestId, timeouts: route.timeouts };
}
