/** What the /v1 route handlers use; nothing else reaches them. */
import type { ConfigState } from '../../state/config-state.ts';

export interface RouteDependencies {
  config: ConfigState;
  bodyLimitBytes: number;
}
