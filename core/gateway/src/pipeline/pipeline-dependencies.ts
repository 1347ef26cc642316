/** What the /v1 route handlers use; nothing else reaches them. */
import type { Admission } from '../engine/limits/admission.ts';
import type { Router } from '../engine/routing/router.ts';
import type { ConfigState } from '../engine/state/config-state.ts';

export interface RouteDependencies {
  config: ConfigState;
  router: Router;
  admission: Admission;
  bodyLimitBytes: number;
}
