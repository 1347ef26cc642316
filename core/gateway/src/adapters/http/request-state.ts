/** What the Koa middleware chain knows about a request, in one typed `ctx.state`. */
import type { ParameterizedContext } from 'koa';
import type { AuthenticatedKey } from '../../engine/keys/virtual-key-cache.ts';
import type { ResponseHead } from '../../pipeline/http/response-head.ts';
import type { AdminIdentity } from '../../domain/admin-identity.ts';

export interface RequestState {
  requestId: string;
  /** The response's headers until it starts (see pipeline/http/response-head.ts). */
  head: ResponseHead;
  /** performance.now() when the request arrived. */
  startedAt: number;
  clientIp: string;
  /** The virtual key a /v1 request was authenticated with, for the access log. */
  key?: AuthenticatedKey;
  /** Set on /graphql once the admin credential is checked. */
  admin?: AdminIdentity;
}

export type GatewayContext = ParameterizedContext<RequestState>;
