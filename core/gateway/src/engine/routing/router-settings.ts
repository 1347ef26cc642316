/**
 * The router's settings as the hot path reads them (from the ConfigSnapshot), with their defaults.
 * Retries are off by default: clients' SDKs already retry, the router already fails over to other
 * deployments and fallback models, and gateway retries on top multiply load on a struggling provider.
 */
import type { HttpTimeouts } from '@conduit/plugin-api';
import type { StoredRouterSettings } from '../../ports/config-source.ts';

export interface RouterSettings {
  /** The strategy for models without their own. */
  defaultStrategy: string;
  /** Public model name -> strategy name. */
  modelStrategies: Readonly<Record<string, string>>;
  /** Extra passes over all candidates (and fallbacks) after every one failed with a retryable error. */
  maxRetries: number;
  /** Backoff before retry n is base * 2^(n-1), jittered, at most `retryMaxDelayMs`. */
  retryBaseDelayMs: number;
  /** Bounds a backoff; a Retry-After longer than this ends the retries (the client gets it instead). */
  retryMaxDelayMs: number;
  breakerEnabled: boolean;
  /** Consecutive failures that open a deployment's breaker. */
  breakerFailureThreshold: number;
  /** Error rate over the window that opens it, once the window holds `breakerMinRequests` attempts. */
  breakerErrorRate: number;
  breakerMinRequests: number;
  breakerWindowMs: number;
  /** How long an open breaker skips its deployment before letting one probe request through. */
  breakerCooldownMs: number;
  /** 0 disables active health checks. */
  healthCheckIntervalMs: number;
  healthCheckTimeoutMs: number;
  healthRetentionHours: number;
  /** Timeouts for deployments that set none of their own (undefined: the HTTP client's defaults). */
  defaultTimeouts: HttpTimeouts;
}

export const defaultRouterSettings: RouterSettings = Object.freeze({
  defaultStrategy: 'weighted',
  modelStrategies: Object.freeze({}),
  maxRetries: 0,
  retryBaseDelayMs: 250,
  retryMaxDelayMs: 10_000,
  breakerEnabled: true,
  breakerFailureThreshold: 5,
  breakerErrorRate: 0.5,
  breakerMinRequests: 20,
  breakerWindowMs: 60_000,
  breakerCooldownMs: 30_000,
  healthCheckIntervalMs: 30_000,
  healthCheckTimeoutMs: 5_000,
  healthRetentionHours: 168,
  defaultTimeouts: Object.freeze({}),
});

export function routerSettingsFromRecord(record: StoredRouterSettings | null): RouterSettings {
  if (!record) return defaultRouterSettings;
  const timeouts: HttpTimeouts = {};
  if (record.connectTimeoutMs != null) timeouts.connectMs = record.connectTimeoutMs;
  if (record.firstByteTimeoutMs != null) timeouts.firstByteMs = record.firstByteTimeoutMs;
  if (record.idleTimeoutMs != null) timeouts.idleMs = record.idleTimeoutMs;
  return Object.freeze({
    defaultStrategy: record.defaultStrategy,
    modelStrategies: Object.freeze({ ...record.modelStrategies }),
    maxRetries: record.maxRetries,
    retryBaseDelayMs: record.retryBaseDelayMs,
    retryMaxDelayMs: record.retryMaxDelayMs,
    breakerEnabled: record.breakerEnabled,
    breakerFailureThreshold: record.breakerFailureThreshold,
    breakerErrorRate: record.breakerErrorRate,
    breakerMinRequests: record.breakerMinRequests,
    breakerWindowMs: record.breakerWindowMs,
    breakerCooldownMs: record.breakerCooldownMs,
    healthCheckIntervalMs: record.healthCheckIntervalMs,
    healthCheckTimeoutMs: record.healthCheckTimeoutMs,
    healthRetentionHours: record.healthRetentionHours,
    defaultTimeouts: Object.freeze(timeouts),
  });
}
