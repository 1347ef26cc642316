import type { Cancellation, CallOptions, HttpTimeouts } from '@conduit/plugin-api';
import type { DeploymentRoute } from '../../state/config-snapshot.ts';

export function callOptions(route: DeploymentRoute, cancellation: Cancellation, requestId: string): CallOptions {
  return new GatewayCallOptions(cancellation, requestId, route.timeouts);
}

/** The options of one upstream call; its AbortSignal is made only if a plugin reads `signal`. */
class GatewayCallOptions implements CallOptions {
  constructor(
    readonly cancellation: Cancellation,
    readonly requestId: string,
    readonly timeouts: HttpTimeouts | undefined,
  ) {}

  get signal(): AbortSignal {
    return this.cancellation.signal;
  }
}
