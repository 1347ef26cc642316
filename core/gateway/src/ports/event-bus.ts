/**
 * Events between the parts of one gateway and, with Redis, between gateway instances: configuration
 * changes (every instance reloads) and what GraphQL subscriptions relay.
 */
import type { PubSub } from 'graphql-yoga';
import type { NotificationEvent } from '../domain/notification-event.ts';

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
  | 'webhookSettings';

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

export type GatewayEvents = {
  configChanged: [ConfigChangedEvent];
  adminChange: [AdminChangeEvent];
  providerHealthChanged: [ProviderHealthChangedEvent];
  notificationCreated: [NotificationEvent];
};

export interface EventBus {
  pubSub: PubSub<GatewayEvents>;
  publishConfigChanged(event: ConfigChangedEvent): void;
  /** Calls `listener` for every config change, from this instance or another. Returns an unsubscribe. */
  onConfigChanged(listener: (event: ConfigChangedEvent) => void): () => void;
  close(): Promise<void>;
}

