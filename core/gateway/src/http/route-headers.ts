/** Response headers saying who served the request. */
import type { DeploymentRoute } from '../state/config-snapshot.ts';

export function routeHeaders(route: DeploymentRoute, attempts: number): Record<string, string> {
  const headers: Record<string, string> = {
    'x-conduit-provider': route.provider.name,
    'x-conduit-deployment': route.id,
  };
  if (attempts > 1) headers['x-conduit-attempts'] = String(attempts);
  return headers;
}
