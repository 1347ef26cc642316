/** What the /v1 route handlers use; nothing else reaches them. */
import type { Admission } from '../../limits/admission.ts';
import type { ConfigState } from '../../state/config-state.ts';

export interface RouteDependencies {
  config: ConfigState;
  admission: Admission;
  bodyLimitBytes: number;
}
