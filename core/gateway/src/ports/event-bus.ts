/**
 * Events between the parts of one gateway and, with Redis, between gateway instances: configuration
 * changes (every instance reloads) and what GraphQL subscriptions relay.
 */
import type { PubSub } from 'graphql-yoga';
import type { RequestLogRow } from './request-log-sink.ts';
import type { NotificationEvent } from '../domain/notification-event.ts';
import type { StoredRealtimeSession } from './realtime-session-directory.ts';

export type ConfigEntity =
  | 'provider'
  | 'deployment'
  | 'cost'
  | 'virtualKey'
  | 'setting'
  | 'routerSettings'
  | 'fallbackRule'
  | 'keyGroup'
  | 'ipFilter'
  | 'limitSettings'
  | 'webhookSettings'
  | 'adminToken';

export interface ConfigChangedEvent {
  entity: ConfigEntity;
  id?: string;
  /** The instance that made the change; it has applied the change already. */
  origin?: string;
}

/** An active health check found a provider's status changed (published by the instance that checked). */
export interface ProviderHealthChangedEvent {
  providerId: string;
  status: 'up' | 'down';
  previous: 'up' | 'down' | 'unknown';
  /** Down in a way that means it cannot serve (unreachable, 5xx…), not a refused probe. */
  outage: boolean;
  latencyMs: number | null;
  error: string | null;
  /** ISO-8601. */
  checkedAt: string;
  origin: string;
}

/** An admin mutation committed: what the `configChanged` subscription relays. */
export interface AdminChangeEvent {
  entity: string;
  id: string | null;
  action: string;
}

/** One instance's last second, published once a second for the `liveStats` subscription. */
export interface LiveStatsTick {
  instance: string;
  /** Epoch ms when the tick was taken. */
  at: number;
  requests: number;
  errors: number;
  tokens: number;
  cost: number;
  /** Counts per bucket of domain/latency-histogram.ts. */
  latency: number[];
  inFlight: number;
}

/** A finished /v1 request, as appended to the request log (dates as ISO-8601 strings, for Redis). */
export type RequestLoggedEvent = Omit<RequestLogRow, 'id' | 'createdAt'> & { createdAt: string };

/** A key's spend changed (a request with a cost settled): budget subscribers read it again. */
export interface SpendChangedEvent {
  virtualKeyId: string;
}

/** A row written to the audit log. */
export interface AuditLoggedEvent {
  id: number;
  actorId: string;
  actorName: string;
  actorRole: string;
  mutation: string;
  entity: string;
  entityId: string | null;
  action: string;
  fields: Record<string, unknown>;
  clientIp: string | null;
  /** ISO-8601. */
  createdAt: string;
}

/** A realtime session started, changed (at most once a second per session) or ended, on any instance. */
export interface RealtimeSessionChangedEvent {
  change: 'started' | 'updated' | 'ended';
  session: StoredRealtimeSession;
}

/** An admin asked to close a realtime session; the instance that holds it closes it. */
export interface RealtimeSessionCloseRequestedEvent {
  id: string;
  instance: string;
  reason: string;
}

export type GatewayEvents = {
  configChanged: [ConfigChangedEvent];
  adminChange: [AdminChangeEvent];
  providerHealthChanged: [ProviderHealthChangedEvent];
  notificationCreated: [NotificationEvent];
  liveStatsTick: [LiveStatsTick];
  requestLogged: [RequestLoggedEvent];
  spendChanged: [SpendChangedEvent];
  auditLogged: [AuditLoggedEvent];
  realtimeSessionChanged: [RealtimeSessionChangedEvent];
  realtimeSessionCloseRequested: [RealtimeSessionCloseRequestedEvent];
};

export interface EventBus {
  pubSub: PubSub<GatewayEvents>;
  publishConfigChanged(event: ConfigChangedEvent): void;
  /**
   * Whether anyone (on this instance, or with Redis on any instance as of the last check, at most
   * half a second old) listens to `topic`: publishers of frequent events skip the work when not.
   */
  listening(topic: string): boolean;
  /** Calls `listener` for every config change, from this instance or another. Returns an unsubscribe. */
  onConfigChanged(listener: (event: ConfigChangedEvent) => void): () => void;
  /**
   * Resolves once config changes published anywhere from now on reach `onConfigChanged` listeners:
   * at once in-process, with Redis when the subscription is acknowledged. A change published before
   * that is missed; call after `onConfigChanged`, then compare versions.
   */
  configChangesArrive(): Promise<void>;
  /** True when the bus can carry events to other instances now (always, in-process); may hang with its server. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

