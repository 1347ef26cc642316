/** What the /v1 middleware chain knows about a request, in one typed `ctx.state`. */
import type { ParameterizedContext } from 'koa';
import type { Usage } from '@conduit/plugin-api';
import type { AuthenticatedKey } from '../../engine/keys/virtual-key-cache.ts';
import type { AdmissionTicket } from '../../domain/admission-ticket.ts';
import type { DeploymentRoute } from '../../engine/state/config-snapshot.ts';
import type { ResponseHead } from './response-head.ts';
import type { AdminIdentity } from '../../domain/admin-identity.ts';

/** Filled in as the request goes through; the usage recorder turns it into a RequestLog row. */
export interface RequestRecord {
  endpoint: string;
  model?: string;
  route?: DeploymentRoute;
  stream: boolean;
  usage?: Usage;
  usageEstimated: boolean;
  attempts: number;
  firstByteMs?: number;
  /** Set when the request failed after the response started (mid-stream). */
  streamError?: { code: string; message: string };
  /** What the admission counted for this request, to be settled when it ends. */
  admission?: AdmissionTicket;
}

export interface RequestState {
  requestId: string;
  /** The response's headers until it starts (see response-head.ts). */
  head: ResponseHead;
  /** performance.now() when the request arrived. */
  startedAt: number;
  clientIp: string;
  key?: AuthenticatedKey;
  /** Set on /graphql once the admin credential is checked. */
  admin?: AdminIdentity;
  record?: RequestRecord;
  /** Time spent waiting on the upstream so far, in ms (see http/upstream-time.ts). */
  upstreamMs?: number;
}

export type GatewayContext = ParameterizedContext<RequestState>;

/** Starts the request's record; the usage recorder logs whatever it holds when the request ends. */
export function startRecord(ctx: GatewayContext, endpoint: string, model: string, stream: boolean): RequestRecord {
  const record: RequestRecord = { endpoint, model, stream, usageEstimated: false, attempts: 0 };
  ctx.state.record = record;
  return record;
}
