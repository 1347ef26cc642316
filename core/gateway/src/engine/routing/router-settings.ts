/**
 * The router's settings as the hot path reads them (from the ConfigSnapshot), with their defaults.
 * Retries are off by default: clients' SDKs already retry, the router already fails over to other
 * deployments and fallback models, and gateway retries on top multiply load on a struggling provider.
 */
import type { HttpTimeouts } from '@conduit/plugin-api';
import type { StoredRouterSettings } from '../../ports/config-source.ts';

/** The stored settings, with the deployments' default timeouts gathered into one value. */
export type RouterSettings = Omit<StoredRouterSettings, 'modelStrategies' | 'connectTimeoutMs' | 'firstByteTimeoutMs' | 'idleTimeoutMs'> & {
  modelStrategies: Readonly<Record<string, string>>;
  /** Timeouts for deployments that set none of their own (undefined: the HTTP client's defaults). */
  defaultTimeouts: HttpTimeouts;
};

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
