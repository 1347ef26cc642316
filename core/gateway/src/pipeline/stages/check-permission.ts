/** The permission stage: a key limited to some kinds of request (chat, embeddings, audio…) is refused the others. */
import { GatewayError } from '../../domain/gateway-error.ts';
import type { AuthenticatedKey } from '../../engine/keys/virtual-key-cache.ts';
import type { EndpointPermission } from '../endpoint.ts';

export function checkPermission(key: AuthenticatedKey, permission: EndpointPermission | undefined): void {
  if (permission === undefined || key.permissions == null || key.permissions.includes(permission)) return;
  throw new GatewayError({
    status: 403,
    type: 'permission_error',
    code: 'permission_denied',
    message: `This API key is not allowed to use this endpoint (it needs the ${permission} permission).`,
  });
}
