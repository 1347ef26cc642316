/** Response headers saying who served the request. */
import type { DeploymentRoute } from '../../engine/state/config-snapshot.ts';
import type { ResponseHead } from './response-head.ts';

export function setRouteHeaders(head: ResponseHead, route: DeploymentRoute, attempts: number): void {
  head.set('x-conduit-provider', headerText(route.provider.name));
  head.set('x-conduit-deployment', route.id);
  if (attempts > 1) head.set('x-conduit-attempts', String(attempts));
}

const notPlainAscii = /[^\x20-\x7e]/;

/**
 * A name as a header value: as it is when it is printable ASCII, else percent-encoded (an admin may
 * name a provider `Zürich` or `東京`; Node refuses header values past Latin-1, and clients read the
 * rest as Latin-1).
 */
export function headerText(name: string): string {
  return notPlainAscii.test(name) ? encodeURIComponent(name) : name;
}
