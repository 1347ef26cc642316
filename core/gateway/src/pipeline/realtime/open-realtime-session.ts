/**
 * The `/v1/realtime` endpoint up to its upgrade: the shared stages — IP filter, authentication (a
 * Bearer key, the browser subprotocol or a client secret), the REALTIME permission, routing to
 * realtime-capable deployments, admission (session slots and the first budget slice) — then the
 * upstream connect through the router, which fails over to the next deployment before the client
 * has seen anything. What fails throws a GatewayError, answered by the adapter with an HTTP status
 * and an OpenAI error body before any upgrade; a refusal is logged like any request.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Cancellation } from '@conduit/plugin-api/internal';
import { GatewayError } from '../../domain/gateway-error.ts';
import type { AuthenticatedKey } from '../../engine/keys/virtual-key-cache.ts';
import { hashVirtualKey } from '../../engine/keys/virtual-key-token.ts';
import type { AdmissionSettlement } from '../../engine/limits/admission-settlement.ts';
import type { LimitDefaults } from '../../engine/limits/limit-defaults.ts';
import { sessionSliceCost } from '../../engine/limits/session-slice-cost.ts';
import { RealtimeUsageTotals } from '../../engine/realtime/realtime-usage-totals.ts';
import { UpstreamFailure } from '../../engine/routing/upstream-failure.ts';
import type { DeploymentRoute } from '../../engine/state/config-snapshot.ts';
import { computeCost } from '../../engine/usage/compute-cost.ts';
import { otherModelsCost } from '../../engine/usage/other-model-usage.ts';
import { newRequestRecord, type RequestRecord } from '../../engine/usage/request-record.ts';
import type { RealtimeSessionHandle, RealtimeSessions, RealtimeSessionStats } from '../../ports/realtime-sessions.ts';
import type { PipelineDependencies } from '../pipeline-dependencies.ts';
import { callOptions } from '../stages/call-options.ts';
import { checkPermission } from '../stages/check-permission.ts';
import { presentedKeyPrefix } from '../stages/guard-authentication.ts';
import { presentedKey } from '../stages/authenticate.ts';
import { toGatewayError } from '../stages/to-gateway-error.ts';
import { realtimeAuthHeaders } from './realtime-credentials.ts';
import { RealtimeRelay, type SessionEnd } from './realtime-relay.ts';

export const realtimeEndpointName = 'realtime';

export interface RealtimeDependencies extends PipelineDependencies {
  settlement: Pick<AdmissionSettlement, 'settleSlice'>;
  /** The realtime settings (session limits, timeouts, slices). */
  settings(): LimitDefaults;
  /** Every session is registered here while it lasts; an admin closes it through the registry. */
  registry: RealtimeSessions;
  /** Client secrets (`ek_…`) in place of keys: the key a secret stands for (its hash) and its session configuration, for this model. */
  redeemClientSecret?(secret: string, model: string): Promise<{ keyHash: string; session: Readonly<Record<string, unknown>> | undefined } | undefined>;
  /** Looks a key up again (by the hash of the presented key) when keys change. */
  lookupKey(hash: string): Promise<AuthenticatedKey | null>;
  /** The sessions open on this instance. */
  live: LiveRealtimeSessions;
}

/** The sessions open on this instance, for key changes and shutdown. */
export interface LiveRealtimeSessions {
  readonly draining: boolean;
  add(relay: RealtimeRelay): void;
  delete(relay: RealtimeRelay): void;
}

/** Bytes queued to a client before its session is closed for not reading. */
const maxClientBufferedBytes = 8 * 1024 * 1024;

export interface OpenedRealtimeSession {
  relay: RealtimeRelay;
}

export async function openRealtimeSession(request: IncomingMessage, dependencies: RealtimeDependencies, clientGone: AbortSignal): Promise<OpenedRealtimeSession> {
  const startedAt = performance.now();
  const requestId = randomUUID();
  const record = newRequestRecord(realtimeEndpointName);
  record.stream = true;
  let clientIp = request.socket.remoteAddress ?? '';
  let key: AuthenticatedKey | undefined;
  const cancellation = new Cancellation();
  const onGone = (): void => cancellation.abort(new Error('The client closed the connection'));
  clientGone.addEventListener('abort', onGone, { once: true });
  try {
    if (dependencies.live.draining) {
      throw new GatewayError({ status: 503, type: 'server_error', code: 'server_shutting_down', message: 'The gateway is shutting down; connect again in a moment.', headers: { 'retry-after': '1' } });
    }
    const { ipFilter } = dependencies;
    if (ipFilter) clientIp = ipFilter.beforeAuthentication({ remoteAddress: request.socket.remoteAddress, forwardedFor: request.headers['x-forwarded-for'] }, clientIp);
    const url = new URL(request.url ?? '/', 'http://gateway');
    const model = url.searchParams.get('model')?.trim();
    if (!model) {
      throw new GatewayError({ status: 400, type: 'invalid_request_error', code: 'missing_model', param: 'model', message: "Missing the 'model' query parameter: connect to /v1/realtime?model=<model>." });
    }
    let headers = realtimeAuthHeaders(request.headers);
    let presented = presentedKey(headers);
    let secretKeyHash: string | undefined;
    let initialSession: Readonly<Record<string, unknown>> = {};
    if (presented?.startsWith('ek_') && dependencies.redeemClientSecret) {
      const redeemed = await dependencies.redeemClientSecret(presented, model);
      if (!redeemed) throw new GatewayError({ status: 401, type: 'invalid_request_error', code: 'invalid_client_secret', message: 'The client secret is unknown, expired, already used or for another model.' });
      const { keyHash } = redeemed;
      initialSession = redeemed.session ?? {};
      key = await dependencies.lookupKey(keyHash).then((found) => found ?? undefined);
      if (!key) throw new GatewayError({ status: 401, type: 'invalid_request_error', code: 'invalid_api_key', message: 'The API key of this client secret no longer exists.' });
      presented = undefined;
      headers = {};
      secretKeyHash = keyHash;
    }
    key ??= await dependencies.authenticate(headers, clientIp);
    if (!key.enabled) throw new GatewayError({ status: 401, type: 'invalid_request_error', code: 'key_disabled', message: 'This API key is disabled.' });
    const keyHash = secretKeyHash ?? hashVirtualKey(presented!);
    ipFilter?.afterAuthentication(clientIp, key.id);
    checkPermission(key, 'REALTIME');
    record.model = model;

    const plan = dependencies.router.plan(key, model, ['realtime']);
    const settings = dependencies.settings();
    const admitted = await dependencies.admission.admitSession({
      key,
      requestId,
      endpoint: realtimeEndpointName,
      model,
      routes: plan.routes,
      maxKeySessions: key.maxRealtimeSessions ?? settings.defaultMaxRealtimeSessions,
      maxSessions: settings.maxRealtimeSessions,
      sliceCost: (prices) => sessionSliceCost(prices, settings.realtimeBillingSliceSeconds),
    });
    record.admission = admitted.ticket;

    const totals = new RealtimeUsageTotals();
    const prices = plan.snapshot.prices;
    let route: DeploymentRoute | undefined;
    let handle: RealtimeSessionHandle | undefined;
    const authenticatedKey = key;
    const relay: RealtimeRelay = new RealtimeRelay({
      id: requestId,
      key,
      keyHash,
      record,
      totals,
      cancellation,
      logger: dependencies.logger,
      limits: {
        maxEventBytes: settings.realtimeMaxEventBytes,
        idleTimeoutSeconds: settings.realtimeIdleTimeoutSeconds,
        maxSessionSeconds: settings.realtimeMaxSessionSeconds,
        maxClientBufferedBytes,
        maxPendingEvents: 1024,
      },
      billing: {
        cost: (usage) => {
          const price = route ? prices.find(route.modelName, route.providerModel) : undefined;
          return (price ? computeCost(usage.usage(), price, usage.audio()) : 0) + otherModelsCost(usage.otherModels(), prices).costNanos;
        },
        settleSlice: (ticket, cost) => dependencies.settlement.settleSlice(ticket, cost),
        reserveSlice: (ticket, amount) => dependencies.admission.reserveSlice(ticket, amount),
        sliceNanos: admittedSlice(admitted.ticket, prices, plan.routes, settings),
      },
      progressed: () => handle?.update(sessionStats(totals, record)),
      ended: (_relay, end) => {
        dependencies.live.delete(relay);
        handle?.end();
        recordSession(dependencies, { requestId, clientIp, startedAt, record, totals, keyId: authenticatedKey.id, end });
        opened?.finish(end.cause);
      },
    });

    let opened: Awaited<ReturnType<typeof dependencies.router.open<unknown>>> | undefined;
    try {
      opened = await dependencies.router.open(plan, cancellation, async (candidate) => {
        const translator = candidate.provider.realtime;
        if (!translator) throw new GatewayError({ status: 400, type: 'invalid_request_error', code: 'unsupported_capability', message: `The provider of '${model}' has no realtime translator.` });
        route = candidate;
        return translator.connect({ model: candidate.providerModel, session: initialSession }, relay.events, callOptions(candidate, cancellation, requestId));
      });
    } catch (error) {
      if (error instanceof UpstreamFailure) {
        record.route = error.route;
        record.attempts = error.attempts;
      }
      throw error;
    }
    record.route = opened.route;
    record.attempts = opened.attempts;
    route = opened.route;
    relay.connected(opened.value as Parameters<RealtimeRelay['connected']>[0]);
    // The provider may have ended the session while it was being opened: the deployment is done with.
    if (relay.ending) opened.finish();
    dependencies.live.add(relay);
    handle = dependencies.registry.register({
      id: requestId,
      virtualKeyId: key.id,
      virtualKeyName: key.name,
      model,
      providerId: opened.route.provider.id,
      deploymentId: opened.route.id,
      startedAt: new Date(relay.startedAt),
    });
    handle.signal.addEventListener('abort', () => void relay.end(closedByAdmin(handle!.signal.reason)), { once: true });
    return { relay };
  } catch (error) {
    const failure = toGatewayError(error, dependencies.logger, requestId);
    if (failure.status === 401) record.keyPrefix = presentedKeyPrefix(realtimeAuthHeaders(request.headers));
    dependencies.usage.record({
      requestId,
      virtualKeyId: key?.id,
      clientIp,
      record,
      status: failure.status,
      errorCode: failure.code ?? undefined,
      errorMessage: failure.message,
      latencyMs: performance.now() - startedAt,
      overheadMs: 0,
    });
    throw failure;
  } finally {
    clientGone.removeEventListener('abort', onGone);
  }
}

function closedByAdmin(reason: unknown): SessionEnd {
  const text = typeof reason === 'string' ? reason : reason instanceof Error ? reason.message : '';
  return { code: 'closed_by_admin', message: `An administrator closed the session${text ? `: ${text}` : ''}.`, closeCode: 1008, event: 'invalid_request_error' };
}

function admittedSlice(ticket: RequestRecord['admission'], prices: { find(model: string, providerModel?: string): import('../../engine/usage/price-table.ts').ModelPrice | undefined }, routes: readonly DeploymentRoute[], settings: LimitDefaults): number {
  if (!ticket || ticket.budgets.length === 0) return 0;
  return sessionSliceCost(routes.map((route) => prices.find(route.modelName, route.providerModel)), settings.realtimeBillingSliceSeconds);
}

function sessionStats(totals: RealtimeUsageTotals, record: RequestRecord): RealtimeSessionStats {
  const t = totals.current;
  return {
    audioSecondsIn: t.inputAudioSeconds,
    audioSecondsOut: t.outputAudioSeconds,
    inputTokens: Math.round(t.inputTextTokens + t.inputAudioTokens),
    outputTokens: Math.round(t.outputTextTokens + t.outputAudioTokens),
    costNanos: record.settledNanos ?? 0,
  };
}

function recordSession(
  dependencies: RealtimeDependencies,
  session: { requestId: string; clientIp: string; startedAt: number; record: RequestRecord; totals: RealtimeUsageTotals; keyId: string; end: SessionEnd },
): void {
  const { record, totals } = session;
  record.usage = totals.usage();
  record.audio = totals.audio();
  record.otherModels = totals.otherModels();
  dependencies.usage.record({
    requestId: session.requestId,
    virtualKeyId: session.keyId,
    clientIp: session.clientIp,
    record,
    status: 101,
    latencyMs: performance.now() - session.startedAt,
    overheadMs: 0,
  });
}
