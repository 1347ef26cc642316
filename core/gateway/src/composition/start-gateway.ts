/**
 * Wires the gateway together from its configuration and starts listening. Tests call this directly;
 * main.ts calls it with the environment's configuration.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHttpClient } from '@conduit/plugin-api';
import { buildApp } from './app.ts';
import { authenticateVirtualKey } from '../pipeline/stages/authenticate.ts';
import { guardAuthentication } from '../pipeline/stages/guard-authentication.ts';
import { trackHttpServer } from './http-server-drain.ts';
import type { GatewayConfig } from './config/env.ts';
import { readOrCreateSecret } from './config/data-dir-secret.ts';
import { generateMasterKey, masterKeyFile } from './config/master-key.ts';
import { createCredentialCipher } from '../infrastructure/crypto/credential-cipher.ts';
import { openDatabase, type Database } from '../infrastructure/database/open-database.ts';
import { ConfigChanges } from '../engine/state/config-changes.ts';
import { ConfigVersionsRepository } from '../infrastructure/database/config-versions-repository.ts';
import { createEventBus } from '../infrastructure/events/event-bus.ts';
import { createGraphQL } from '../adapters/graphql/create-yoga.ts';
import { graphqlWebSocketServer } from '../adapters/graphql/graphql-ws-server.ts';
import { LiveSubscriptions } from '../adapters/graphql/live/live-subscriptions.ts';
import { UpgradeDispatcher } from '../adapters/websocket/upgrade-dispatcher.ts';
import { realtimeUpgradeHandler, realtimeUpgradeRefusal } from '../adapters/websocket/realtime-upgrade.ts';
import { RealtimeSessionsHere } from '../pipeline/realtime/live-realtime-sessions.ts';
import type { RealtimeSessions } from '../ports/realtime-sessions.ts';
import { RealtimeClientSecrets } from '../engine/realtime/realtime-client-secrets.ts';
import { realtimeClientSecretsEndpoint } from '../pipeline/endpoints/openai/realtime-client-secrets-endpoint.ts';
import { AdminAuthenticator } from '../services/admin-authenticator.ts';
import { AdminChangeService } from '../services/admin-change-service.ts';
import { AdminSessionGuard } from '../services/admin-session-guard.ts';
import { AdminTransactions } from '../infrastructure/database/admin-transactions.ts';
import { AdminTokenService } from '../services/admin-token-service.ts';
import { AuditLogService } from '../services/audit-log-service.ts';
import { UsageAnalyticsService } from '../services/usage-analytics-service.ts';
import { RequestLogRetentionService } from '../services/request-log-retention-service.ts';
import { RequestLogPurger } from '../infrastructure/database/request-log-purger.ts';
import { StoredResponseRepository } from '../infrastructure/database/stored-response-repository.ts';
import { responsesEndpoints } from '../pipeline/endpoints/openai/responses/responses-endpoints.ts';
import { StoredResponses } from '../pipeline/endpoints/openai/responses/stored-responses.ts';
import { HealthChecker } from '../engine/health/health-checker.ts';
import type { AdminServices } from '../adapters/graphql/graphql-context.ts';
import { answerClientError } from '../adapters/http/answer-client-error.ts';
import { VirtualKeyCache } from '../engine/keys/virtual-key-cache.ts';
import { GatewayMetrics } from '../engine/metrics/gateway-metrics.ts';
import { LiveStatsTicker } from '../engine/metrics/live-stats.ts';
import { LiveRequestFeed } from '../engine/usage/live-request-feed.ts';
import { startKeysAndLimits } from './keys-and-limits.ts';
import { createLogger } from '../infrastructure/logging/logger.ts';
import { type Logger } from '../ports/logger.ts';
import type { EventBus } from '../ports/event-bus.ts';
import { loadPluginRegistry } from '../engine/plugins/plugin-registry.ts';
import { createRouting } from './create-routing.ts';
import { startRealtimeAdmin } from './start-realtime-admin.ts';
import { FallbackRuleService } from '../services/fallback-rule-service.ts';
import { ModelCostService } from '../services/model-cost-service.ts';
import { ModelDeploymentService } from '../services/model-deployment-service.ts';
import { ProviderService } from '../services/provider-service.ts';
import { ProviderHealthService } from '../services/provider-health-service.ts';
import { RequestLogService } from '../services/request-log-service.ts';
import { RouterSettingsService } from '../services/router-settings-service.ts';
import { RoutingStateService } from '../services/routing-state-service.ts';
import { ResponseCacheService } from '../services/response-cache-service.ts';
import { ConfigState } from '../engine/state/config-state.ts';
import type { RequestLogWriter } from '../infrastructure/database/request-log-writer.ts';
import { ConfigSourceRepository } from '../infrastructure/database/config-source-repository.ts';
import { HealthHistoryRepository } from '../infrastructure/database/health-history-repository.ts';
import { KeyRepository } from '../infrastructure/database/key-repository.ts';
import { SettingsRepository } from '../infrastructure/database/settings-repository.ts';
import { RunSlots } from '../engine/limits/run-slots.ts';
import { ResponseCache } from '../engine/cache/response-cache.ts';
import { createResponseCacheStore } from '../infrastructure/cache/create-response-cache-store.ts';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

export interface StartedGateway {
  url: string;
  port: number;
  masterKey: string;
  /** True when the master key was generated at this start (main.ts prints it once). */
  masterKeyCreated: boolean;
  server: Server;
  database: Database;
  services: AdminServices;
  logWriter: RequestLogWriter;
  logger: Logger;
  /** GraphQL subscriptions open on this instance. */
  liveSubscriptions: LiveSubscriptions;
  /** Admin tokens with open subscriptions here, watched for revocation and expiry. */
  adminSessions: AdminSessionGuard;
  /** The event bus (Redis pub/sub with REDIS_URL). */
  events: EventBus;
  /** The realtime session registry, across instances with Redis (the admin API lists and closes sessions through it). */
  realtimeSessions: RealtimeSessions;
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  /** Where the admin UI's static build is; defaults to admin-svelte/dist or its placeholder. */
  adminUiRoot?: string;
  /** Randomness of routing strategies and retry jitter; tests pass a seeded one. */
  random?: () => number;
  /** How often the request log is written in batches; tests lengthen it to show live events do not wait for it. */
  logFlushIntervalMs?: number;
  /** Epoch ms for budget periods (admission and a session's slices); tests move it across a period's end. */
  clock?: () => number;
}

export async function startGateway(config: GatewayConfig, options: StartOptions = {}): Promise<StartedGateway> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const master = config.masterKey
    ? { value: config.masterKey, created: false }
    : await readOrCreateSecret(config.dataDir, masterKeyFile, generateMasterKey);
  const encryption = config.encryptionKey
    ? { value: config.encryptionKey }
    : await readOrCreateSecret(config.dataDir, 'encryption.key');

  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const cleanup: Array<() => Promise<void> | void> = [() => database.close()];
  try {
    const { models } = database;
    const registry = await loadPluginRegistry(config.pluginsFile);
    const cipher = createCredentialCipher(encryption.value);
    const http = createHttpClient();
    cleanup.unshift(() => http.close());
    const versions = new ConfigVersionsRepository(models);
    // Read before the configuration is loaded: a change committed in between shows at the first check.
    const appliedVersions = await versions.read();
    const configState = await ConfigState.create({ source: new ConfigSourceRepository(models), registry, cipher, http, logger });
    cleanup.unshift(() => configState.close());
    const events = createEventBus({ redisUrl: config.redisUrl, logger });
    cleanup.unshift(() => events.close());
    const keyRepository = new KeyRepository(models);
    const settings = new SettingsRepository(models);
    const keys = new VirtualKeyCache(keyRepository);
    const adminTransactions = new AdminTransactions(database.sequelize);
    const changes = new ConfigChanges(events, configState, keys, { versions, initial: appliedVersions, checkIntervalMs: config.configCheckMs, logger }, adminTransactions);
    cleanup.unshift(() => changes.close());
    const routing = await createRouting({ config: configState, registry, logger, redisUrl: config.redisUrl, random: options.random });
    cleanup.unshift(() => routing.close());
    const healthChecker = new HealthChecker({
      config: configState,
      board: routing.health,
      history: new HealthHistoryRepository(models),
      breakers: routing.breakers,
      sync: routing.sync,
      events,
      logger,
      onBreakerOpened: routing.onBreakerOpened,
    });
    healthChecker.start();
    cleanup.unshift(() => healthChecker.stop());
    const metrics = new GatewayMetrics();
    const responseCache = new ResponseCache({
      store: createResponseCacheStore({ redisUrl: config.redisUrl, maxBytes: config.cacheMaxBytes }),
      logger,
      maxEntryChars: config.cacheMaxEntryBytes,
      count: (outcome) => metrics.cacheOutcome(outcome),
    });
    cleanup.unshift(() => responseCache.close());
    const liveStats = new LiveStatsTicker(events, () => routing.stats.inFlightTotal());
    liveStats.start();
    cleanup.unshift(() => liveStats.stop());
    const feed = new LiveRequestFeed(events, liveStats);
    const adminChanges = new AdminChangeService(events, adminTransactions);
    const auditLog = new AuditLogService(models, events);
    adminChanges.attach(auditLog);
    const limits = await startKeysAndLimits({ redisUrl: config.redisUrl, dataDir: config.dataDir, sequelize: database.sequelize, models, keyRepository, settings, logger, config: configState, events, changes, cipher, metrics, feed, logFlushIntervalMs: options.logFlushIntervalMs, leaseMs: config.leaseMs, clock: options.clock, commitScope: adminTransactions });
    cleanup.unshift(() => limits.close());
    const logWriter = limits.logWriter;

    const realtimeAdmin = startRealtimeAdmin({ redisUrl: config.redisUrl, instance: changes.instanceId, events, logger, leaseMs: config.sessionListingLeaseMs });
    cleanup.unshift(() => realtimeAdmin.close());

    const adminTokens = new AdminTokenService(models, changes);
    const sessions = new AdminSessionGuard(adminTokens, changes);
    cleanup.unshift(() => sessions.close());
    const storedResponseRows = new StoredResponseRepository(models);
    const retention = new RequestLogRetentionService(new RequestLogPurger(database.sequelize), logger, settings, [storedResponseRows]);
    retention.start();
    cleanup.unshift(() => retention.close());
    const services: AdminServices = {
      providers: new ProviderService(models, registry, cipher, changes, { http, logger }),
      deployments: new ModelDeploymentService(models, changes),
      costs: new ModelCostService(models, changes),
      ...limits.services,
      requestLogs: new RequestLogService(models, logWriter),
      registry,
      config: configState,
      routerSettings: new RouterSettingsService(models, changes, routing.strategies),
      fallbackRules: new FallbackRuleService(models, changes, configState),
      providerHealth: new ProviderHealthService(models, routing.health, healthChecker),
      routingState: new RoutingStateService(routing, configState),
      adminChanges,
      adminTokens,
      auditLog,
      usage: new UsageAnalyticsService(database.sequelize),
      retention,
      ...realtimeAdmin.services,
      responseCache: new ResponseCacheService(responseCache, config.redisUrl ? 'redis' : 'memory'),
    };
    const lifecycle = { draining: false };
    const adminAuthenticator = new AdminAuthenticator(master.value, adminTokens);
    const live = new LiveSubscriptions(events.pubSub, { maxQueuedPerSubscriber: config.subscriptionQueueLimit });
    const yoga = createGraphQL({ services, live, logger, sessions, corsOrigins: config.adminCorsOrigins });
    const graphqlWs = graphqlWebSocketServer({
      yoga,
      authenticator: adminAuthenticator,
      subscribeRole: 'VIEWER',
      maxSubscriptionsPerConnection: config.maxSubscriptionsPerConnection,
      sessions,
    });
    const v1 = {
      logger,
      usage: limits.usage,
      config: configState,
      router: routing.router,
      admission: limits.admission,
      authenticate: guardAuthentication(authenticateVirtualKey(keys), limits.authFailures),
      ipFilter: limits.ipFilter,
      cache: responseCache,
      limits: {
        bodyLimitBytes: config.bodyLimitBytes,
        audioFileLimitBytes: config.audioFileLimitBytes,
        transcoding: new RunSlots(config.transcodeConcurrency, config.transcodeQueueLimit, 'speech transcodings'),
      },
    };
    const realtimeSessions: RealtimeSessions = realtimeAdmin.sessions;
    const lookupKey = (hash: string) => keys.lookup(hash);
    const realtimeHere = new RealtimeSessionsHere(lookupKey, logger);
    changes.onChange(['virtualKey'], (event) => realtimeHere.keysChanged(event.id));
    const clientSecrets = new RealtimeClientSecrets(cipher, limits.store);
    const realtime = realtimeUpgradeHandler({
      ...v1,
      redeemClientSecret: (secret, model) => clientSecrets.redeem(secret, model),
      settlement: limits.settlement,
      settings: () => limits.defaults.current,
      registry: realtimeSessions,
      lookupKey,
      live: realtimeHere,
    });
    const upgrades = new UpgradeDispatcher().route('/graphql', graphqlWs.handleUpgrade).route('/v1/realtime', realtime, realtimeUpgradeRefusal);
    const app = buildApp({
      lifecycle,
      metrics: { registry: metrics.registry, token: config.metricsToken },
      logger,
      readiness: [
        { name: 'database', check: () => database.ping() },
        ...(config.redisUrl ? [{ name: 'redis', check: () => events.ping() }] : []),
        { name: 'plugins', check: async () => registry.all().length > 0 },
      ],
      adminAuthenticator,
      yoga,
      adminUiRoot: options.adminUiRoot ?? defaultAdminUiRoot,
      v1,
      v1Endpoints: [
        { method: 'POST', path: '/v1/realtime/client_secrets', endpoint: realtimeClientSecretsEndpoint(clientSecrets) },
        ...responsesEndpoints(new StoredResponses(storedResponseRows, logger, config.storedResponseMaxBytes)),
      ],
    });

    const handleRequest = app.callback();
    const serverOptions = { keepAliveTimeout: 65_000, requestTimeout: 0 };
    const onRequest = (request: IncomingMessage, response: ServerResponse): void => {
      // Koa's handler never rejects: it answers every error itself (ctx.onerror) before settling.
      void handleRequest(request, response);
    };
    // With a certificate the same port serves HTTPS and WSS (the openai SDK's realtime client dials wss:// only).
    const server: Server = config.tls
      ? createHttpsServer({ ...serverOptions, cert: await readFile(config.tls.certFile), key: await readFile(config.tls.keyFile) }, onRequest)
      : createServer(serverOptions, onRequest);
    server.on('clientError', answerClientError);
    const serverDrain = trackHttpServer(server);
    server.on('upgrade', upgrades.handleUpgrade);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    cleanup.unshift(() => {
      lifecycle.draining = true;
      // Requests, streams and realtime sessions still open after the grace period are cut; sessions
      // are warned first, and their usage is settled before the log writer closes (later in this list).
      return Promise.all([serverDrain.drain(config.shutdownGraceMs), realtimeHere.drain(config.shutdownGraceMs)]).then(() => realtime.close());
    });
    // Runs before the listener closes: subscriptions end with `complete`, WebSockets close with 1001.
    cleanup.unshift(async () => {
      upgrades.close();
      realtimeHere.stopAccepting();
      live.close();
      // One turn of the event loop lets the ended subscriptions send their `complete` first.
      await new Promise((resolve) => setImmediate(resolve));
      await graphqlWs.close();
    });
    const port = (server.address() as AddressInfo).port;
    const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
    return {
      url: `${config.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`,
      port,
      masterKey: master.value,
      masterKeyCreated: master.created,
      server,
      database,
      services,
      logWriter,
      logger,
      liveSubscriptions: live,
      adminSessions: sessions,
      events,
      realtimeSessions,
      close: () => runCleanup(cleanup),
    };
  } catch (error) {
    await runCleanup(cleanup);
    throw error;
  }
}

async function runCleanup(steps: Array<() => Promise<void> | void>): Promise<void> {
  for (const step of steps.splice(0)) {
    try {
      await step();
    } catch {
      // Shutting down: keep closing the rest.
    }
  }
}

/** The built UI (admin-svelte/dist, made by `npm ci` or `npm start`), else a page saying how to build it. */
const builtAdminUi = path.join(repositoryRoot, 'admin-svelte', 'dist');
let adminUiBuilt = false;

/** The build once it exists (looked for on each request until then: its placeholder says to build and reload), else the placeholder. */
function defaultAdminUiRoot(): string {
  adminUiBuilt ||= existsSync(path.join(builtAdminUi, 'index.html'));
  return adminUiBuilt ? builtAdminUi : path.join(repositoryRoot, 'admin-svelte', 'placeholder');
}
