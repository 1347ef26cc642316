/** What the pipeline's stages use; nothing else reaches them. */
import type { ResponseCache } from '../engine/cache/response-cache.ts';
import type { IpFilterChecks } from '../engine/ip-filter/ip-filter-checks.ts';
import type { AuthenticatedKey } from '../engine/keys/virtual-key-cache.ts';
import type { Admission } from '../engine/limits/admission.ts';
import type { Router } from '../engine/routing/router.ts';
import type { ConfigState } from '../engine/state/config-state.ts';
import type { UsageRecorder } from '../engine/usage/usage-recorder.ts';
import type { Logger } from '../ports/logger.ts';
import type { InputLimits } from './endpoint.ts';

export interface PipelineDependencies {
  config: ConfigState;
  router: Router;
  admission: Admission;
  usage: UsageRecorder;
  logger: Logger;
  /**
   * The presented virtual key, checked; throws a 401 GatewayError (or a 403 for a banned address).
   * `missingKeyMessage`: the 401's message when no key was presented (the ingress's, naming its headers).
   */
  authenticate(headers: Record<string, string | string[] | undefined>, clientIp: string, missingKeyMessage?: string): Promise<AuthenticatedKey>;
  /** The IP filter: global rules before authentication, the key's after. */
  ipFilter?: IpFilterChecks;
  limits: InputLimits;
  /** The response cache; absent, nothing is cached. */
  cache?: ResponseCache;
}
