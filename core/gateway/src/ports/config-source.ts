/**
 * Where the configuration snapshot is read from: the enabled providers and deployments, prices,
 * router settings and fallback rules, as stored.
 */
import type { HttpTimeouts, ModelCapabilities } from '@conduit/plugin-api';

export interface StoredProvider {
  id: string;
  name: string;
  type: string;
  baseUrl: string | null;
  /** Encrypted with the credential cipher. */
  credentialsEncrypted: string | null;
  options: Record<string, unknown>;
  updatedAt: Date;
}

export interface StoredDeployment {
  id: string;
  modelName: string;
  providerId: string;
  providerModel: string;
  weight: number;
  priority: number;
  capabilities: Partial<ModelCapabilities> | null;
  timeouts: HttpTimeouts | null;
  cacheTtlSeconds: number | null;
  /** Settings for the deployment's plugin kinds (audio: `voiceMap`, `defaultVoice`). */
  options: Record<string, unknown> | null;
  createdAt: Date;
}

/** The prices a model may have or lack (null: not priced); every stored price but input and output. */
export const optionalPriceFields = [
  'cachedInputPerMillion',
  'cacheWritePerMillion',
  'cacheWrite1hPerMillion',
  'perImage',
  'audioInputPerMinute',
  'audioOutputPerMinute',
  'speechPerMillionCharacters',
  'audioInputPerMillion',
  'audioOutputPerMillion',
  'cachedAudioInputPerMillion',
  'sessionPerMinute',
  'batchMultiplier',
] as const satisfies ReadonlyArray<keyof StoredModelCost>;

/** Prices in dollars, as stored. */
export interface StoredModelCost {
  model: string;
  inputPerMillion: number;
  outputPerMillion: number;
  cachedInputPerMillion: number | null;
  cacheWritePerMillion: number | null;
  /** Prompt tokens written to a cache kept for an hour (Anthropic's 1h writes); null: the cache-write price. */
  cacheWrite1hPerMillion: number | null;
  perImage: number | null;
  audioInputPerMinute: number | null;
  audioOutputPerMinute: number | null;
  speechPerMillionCharacters: number | null;
  audioInputPerMillion: number | null;
  audioOutputPerMillion: number | null;
  /** Cached audio prompt tokens; null: the audio input price. */
  cachedAudioInputPerMillion: number | null;
  /** Per minute of a realtime session, for providers that bill the call's length. */
  sessionPerMinute: number | null;
  batchMultiplier: number | null;
  /** The model's output limit in tokens, for reserving budget when a request sets no max_tokens. */
  maxOutputTokens: number | null;
}

export interface StoredRouterSettings {
  /** The strategy for models without their own. */
  defaultStrategy: string;
  /** Public model name -> strategy name. */
  modelStrategies: Record<string, string>;
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
  connectTimeoutMs: number | null;
  firstByteTimeoutMs: number | null;
  idleTimeoutMs: number | null;
}

export interface StoredFallbackRule {
  modelName: string;
  fallbacks: string[];
}

export interface ConfigSource {
  enabledProviders(): Promise<readonly StoredProvider[]>;
  /** Oldest first. */
  enabledDeployments(): Promise<readonly StoredDeployment[]>;
  modelCosts(): Promise<readonly StoredModelCost[]>;
  /** Null: never saved (the defaults apply). */
  routerSettings(): Promise<StoredRouterSettings | null>;
  fallbackRules(): Promise<readonly StoredFallbackRule[]>;
}
