/** Response headers saying who served the request. */
import type { DeploymentRoute } from '../state/config-snapshot.ts';
import type { ResponseHead } from './response-head.ts';

export function setRouteHeaders(head: ResponseHead, route: DeploymentRoute, attempts: number): void {
  head.set('x-conduit-provider', route.provider.name);
  head.set('x-conduit-deployment', route.id);
  if (attempts > 1) head.set('x-conduit-attempts', String(attempts));
}
