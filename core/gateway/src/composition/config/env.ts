/**
 * The gateway's configuration, read from the environment once at start. Names are pinned:
 * automation depends on them. A bad value stops the process with a message naming the variable.
 */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { z } from 'zod';

export interface GatewayConfig {
  port: number;
  host: string;
  /** Set when CONDUIT_MASTER_KEY is given; otherwise generated into the data dir at start. */
  masterKey: string | undefined;
  dataDir: string;
  /** Unset: a SQLite file in the data dir. */
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  pluginsFile: string;
  /** Set when CONDUIT_ENCRYPTION_KEY is given; otherwise generated into the data dir. */
  encryptionKey: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Largest JSON request body accepted on /v1, in bytes. */
  bodyLimitBytes: number;
  /** The largest audio upload (transcriptions, translations). */
  audioFileLimitBytes: number;
  /** ffmpeg speech transcodings one process runs at once (default: its share of the CPUs). */
  transcodeConcurrency: number;
  /** Transcodings that may wait for a free run; beyond, a 503 with retry-after. */
  transcodeQueueLimit: number;
  /** Worker processes under node:cluster; more than one requires REDIS_URL. */
  workers: number;
  /** The cluster primary's first wait before replacing a worker that died young; it doubles with each such death in a row. */
  workerRestartMs: number;
  /** How long a stopping gateway lets in-flight requests and streams finish. */
  shutdownGraceMs: number;
  /** When set, /metrics requires `Authorization: Bearer <token>`. */
  metricsToken: string | undefined;
  /** How often an instance compares the configuration versions in the database with the ones it applied. */
  configCheckMs: number;
  /** Browser origins allowed to call /graphql (CORS); empty: none. */
  adminCorsOrigins: string[];
  /** Events a GraphQL subscriber may have waiting before it is closed as too slow. */
  subscriptionQueueLimit: number;
  /** Operations one graphql-ws connection may run at once. */
  maxSubscriptionsPerConnection: number;
  /**
   * How long the concurrency slots (parallel requests, realtime sessions) and budget reservations of
   * an instance that died outlive it; a live instance renews its own every third of this.
   */
  leaseMs: number;
  /** How long a dead instance's realtime sessions stay listed; a live one rewrites them every third of this. */
  sessionListingLeaseMs: number;
  /** The in-process response cache's bound, in bytes (with REDIS_URL the cache is in Redis instead). */
  cacheMaxBytes: number;
  /** The largest answer the response cache stores, in bytes. */
  cacheMaxEntryBytes: number;
  /** The most bytes one stored Responses API response may take (its input items and Response as JSON). */
  storedResponseMaxBytes: number;
  /** PEM certificate and key files: with both, the gateway serves HTTPS and WSS on its port. */
  tls: { certFile: string; keyFile: string } | undefined;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const port = z.coerce.number().int().min(0).max(65535);
const nonEmpty = z.string().trim().min(1);

const schema = z.object({
  PORT: port.default(8080),
  HOST: nonEmpty.default('0.0.0.0'),
  CONDUIT_MASTER_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  CONDUIT_DATA_DIR: nonEmpty.default('./data'),
  DATABASE_URL: z
    .string()
    .refine((value) => /^(mysql|mariadb):\/\/[^/]+\/[^/?]+/.test(value) || value.startsWith('sqlite:'), {
      message: 'must be mysql://user:pass@host:port/db (or mariadb://…, or sqlite:/path/to/file)',
    })
    .optional(),
  REDIS_URL: z
    .string()
    .refine((value) => /^rediss?:\/\//.test(value), { message: 'must be redis://host:port or rediss://…' })
    .optional(),
  CONDUIT_PLUGINS: nonEmpty.default('./plugins.json'),
  CONDUIT_ENCRYPTION_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  CONDUIT_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CONDUIT_BODY_LIMIT_MB: z.coerce.number().positive().max(1024).default(32),
  CONDUIT_AUDIO_FILE_LIMIT_MB: z.coerce.number().positive().max(1024).default(25),
  CONDUIT_TRANSCODE_CONCURRENCY: z.coerce.number().int().min(1).max(1024).optional(),
  CONDUIT_TRANSCODE_QUEUE: z.coerce.number().int().min(0).max(100_000).optional(),
  CONDUIT_WORKERS: z
    .union([z.literal('auto'), z.coerce.number().int().min(1).max(256)], { message: "must be 'auto' or a whole number from 1" })
    .default(1),
  CONDUIT_WORKER_RESTART_SECONDS: z.coerce.number().min(0.01).max(30).default(0.5),
  CONDUIT_SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).max(3600).default(25),
  CONDUIT_METRICS_TOKEN: z.string().min(8, 'must be at least 8 characters').optional(),
  CONDUIT_CONFIG_CHECK_SECONDS: z.coerce.number().min(0.1).max(3600).default(5),
  CONDUIT_ADMIN_CORS_ORIGINS: z
    .string()
    .transform((value) => value.split(',').map((origin) => origin.trim()).filter((origin) => origin !== ''))
    .refine((origins) => origins.every((origin) => /^https?:\/\/[^/\s]+$/.test(origin)), {
      message: 'must be a comma-separated list of origins like https://admin.example.com (scheme and host, no path)',
    })
    .optional(),
  CONDUIT_SUBSCRIPTION_QUEUE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(1000),
  CONDUIT_MAX_SUBSCRIPTIONS_PER_CONNECTION: z.coerce.number().int().min(1).max(10_000).default(100),
  CONDUIT_LEASE_SECONDS: z.coerce.number().min(1).max(3600).default(60),
  CONDUIT_SESSION_LISTING_LEASE_SECONDS: z.coerce.number().min(1).max(3600).default(15),
  CONDUIT_CACHE_MAX_MB: z.coerce.number().positive().max(1_048_576).default(64),
  CONDUIT_CACHE_MAX_ENTRY_KB: z.coerce.number().positive().max(1_048_576).default(1024),
  // MariaDB's default max_allowed_packet is 16 MiB: the default stays well below it.
  CONDUIT_STORED_RESPONSE_MAX_KB: z.coerce.number().positive().max(1_048_576).default(4096),
  CONDUIT_TLS_CERT_FILE: nonEmpty.optional(),
  CONDUIT_TLS_KEY_FILE: nonEmpty.optional(),
});

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): GatewayConfig {
  // Empty strings count as unset, as shells and compose files often pass them.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const values = parsed.data;
  const workers = values.CONDUIT_WORKERS === 'auto' ? availableParallelism() : values.CONDUIT_WORKERS;
  if (workers > 1 && !values.REDIS_URL) {
    throw new ConfigError(
      `Invalid configuration:\n  CONDUIT_WORKERS: ${workers} workers need REDIS_URL, so that rate limits, budgets, realtime sessions, cache and events are shared between them`,
    );
  }
  // Each worker transcodes on its own; together they use the machine's CPUs, not each all of them.
  const transcodeConcurrency = values.CONDUIT_TRANSCODE_CONCURRENCY ?? Math.max(1, Math.floor(availableParallelism() / workers));
  if ((values.CONDUIT_TLS_CERT_FILE === undefined) !== (values.CONDUIT_TLS_KEY_FILE === undefined)) {
    throw new ConfigError('Invalid configuration:\n  CONDUIT_TLS_CERT_FILE and CONDUIT_TLS_KEY_FILE: set both to serve HTTPS, or neither');
  }
  return {
    port: values.PORT,
    host: values.HOST,
    masterKey: values.CONDUIT_MASTER_KEY,
    dataDir: path.resolve(cwd, values.CONDUIT_DATA_DIR),
    databaseUrl: values.DATABASE_URL,
    redisUrl: values.REDIS_URL,
    pluginsFile: path.resolve(cwd, values.CONDUIT_PLUGINS),
    encryptionKey: values.CONDUIT_ENCRYPTION_KEY,
    logLevel: values.CONDUIT_LOG_LEVEL,
    bodyLimitBytes: Math.round(values.CONDUIT_BODY_LIMIT_MB * 1024 * 1024),
    audioFileLimitBytes: Math.round(values.CONDUIT_AUDIO_FILE_LIMIT_MB * 1024 * 1024),
    transcodeConcurrency,
    transcodeQueueLimit: values.CONDUIT_TRANSCODE_QUEUE ?? transcodeConcurrency * 4,
    workers,
    workerRestartMs: Math.round(values.CONDUIT_WORKER_RESTART_SECONDS * 1000),
    shutdownGraceMs: Math.round(values.CONDUIT_SHUTDOWN_GRACE_SECONDS * 1000),
    metricsToken: values.CONDUIT_METRICS_TOKEN,
    configCheckMs: Math.round(values.CONDUIT_CONFIG_CHECK_SECONDS * 1000),
    adminCorsOrigins: values.CONDUIT_ADMIN_CORS_ORIGINS ?? [],
    subscriptionQueueLimit: values.CONDUIT_SUBSCRIPTION_QUEUE_LIMIT,
    maxSubscriptionsPerConnection: values.CONDUIT_MAX_SUBSCRIPTIONS_PER_CONNECTION,
    leaseMs: Math.round(values.CONDUIT_LEASE_SECONDS * 1000),
    sessionListingLeaseMs: Math.round(values.CONDUIT_SESSION_LISTING_LEASE_SECONDS * 1000),
    cacheMaxBytes: Math.round(values.CONDUIT_CACHE_MAX_MB * 1024 * 1024),
    cacheMaxEntryBytes: Math.round(values.CONDUIT_CACHE_MAX_ENTRY_KB * 1024),
    storedResponseMaxBytes: Math.round(values.CONDUIT_STORED_RESPONSE_MAX_KB * 1024),
    tls:
      values.CONDUIT_TLS_CERT_FILE && values.CONDUIT_TLS_KEY_FILE
        ? { certFile: path.resolve(cwd, values.CONDUIT_TLS_CERT_FILE), keyFile: path.resolve(cwd, values.CONDUIT_TLS_KEY_FILE) }
        : undefined,
  };
}
