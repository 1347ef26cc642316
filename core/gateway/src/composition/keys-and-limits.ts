/**
 * Wires keys, limits, budgets, IP filters and notifications into the gateway: the counter store,
 * the caches the hot path reads (groups, IP rules, settings), the batched writer with its spend
 * reconciliation, the admission and the usage recorder, and the admin services. Every cache is
 * reloaded when its entity changes (here, and on other instances through the event bus), and once a
 * minute as a safety net for events lost while Redis was away.
 */
import path from 'node:path';
import type { GatewayMetrics } from '../engine/metrics/gateway-metrics.ts';
import type { Sequelize } from 'sequelize';
import type { CredentialCipher } from '../ports/credential-cipher.ts';
import type { ConfigChanges } from '../engine/state/config-changes.ts';
import type { ConfigChangedEvent, EventBus } from '../ports/event-bus.ts';
import { ipFilterChecks, type IpFilterChecks } from '../engine/ip-filter/ip-filter-checks.ts';
import { IpFilterState } from '../engine/ip-filter/ip-filter-state.ts';
import { AuthFailureGuard } from '../engine/auth-failures/auth-failure-guard.ts';
import { KeyGroupCache } from '../engine/keys/key-group-cache.ts';
import type { Logger } from '../ports/logger.ts';
import { KeyExpiryScanner } from '../engine/notifications/key-expiry-scanner.ts';
import { NotificationCenter } from '../engine/notifications/notification-center.ts';
import type { CommitScope } from '../ports/commit-scope.ts';
import { WebhookDelivery } from '../engine/notifications/webhook-delivery.ts';
import { WebhookSettingsState } from '../engine/notifications/webhook-settings.ts';
import { BudgetUsageService } from '../services/budget-usage-service.ts';
import { IpFilterService } from '../services/ip-filter-service.ts';
import { KeyGroupService } from '../services/key-group-service.ts';
import { LimitDefaultsService } from '../services/limit-defaults-service.ts';
import { ModelCostTransferService } from '../services/model-cost-transfer-service.ts';
import { NotificationService } from '../services/notification-service.ts';
import { UnpricedModelService } from '../services/unpriced-model-service.ts';
import { VirtualKeyService } from '../services/virtual-key-service.ts';
import { WebhookSettingsService } from '../services/webhook-settings-service.ts';
import type { ConfigState } from '../engine/state/config-state.ts';
import { RequestLogWriter } from '../infrastructure/database/request-log-writer.ts';
import { SpendRepository } from '../infrastructure/database/spend-repository.ts';
import { UsageRecorder } from '../engine/usage/usage-recorder.ts';
import type { LiveRequestFeed } from '../engine/usage/live-request-feed.ts';
import { UsageRollupWriter } from '../infrastructure/database/usage-rollup-writer.ts';
import { AdmissionSettlement } from '../engine/limits/admission-settlement.ts';
import { BudgetCounters } from '../engine/limits/budget-counters.ts';
import type { CounterStore } from '../ports/counter-store.ts';
import { createCounterStore } from '../infrastructure/counters/create-counter-store.ts';
import { MemoryCounterStore } from '../infrastructure/counters/memory-counter-store.ts';
import { keepMemoryWindows } from '../infrastructure/counters/memory-windows-file.ts';
import { LeaseKeeper } from '../engine/limits/lease-keeper.ts';
import { LimitDefaultsState } from '../engine/limits/limit-defaults.ts';
import { LimitsAdmission } from '../engine/limits/limits-admission.ts';
import type { DatabaseModels } from '../infrastructure/database/models/define-models.ts';
import type { KeyRepository } from '../infrastructure/database/key-repository.ts';
import { IpRuleRepository } from '../infrastructure/database/ip-rule-repository.ts';
import { NotificationRepository } from '../infrastructure/database/notification-repository.ts';
import type { SettingsRepository } from '../infrastructure/database/settings-repository.ts';

export interface KeysAndLimitsOptions {
  redisUrl: string | undefined;
  sequelize: Sequelize;
  /** The models of the same database. */
  models: DatabaseModels;
  keyRepository: KeyRepository;
  settings: SettingsRepository;
  logger: Logger;
  config: ConfigState;
  events: EventBus;
  changes: ConfigChanges;
  cipher: CredentialCipher;
  /** Slots and reservations of a crashed instance lapse after this (renewed while requests run). */
  leaseMs?: number;
  /** Epoch ms for budget periods; tests move it across a period's end. */
  clock?: () => number;
  /** Tests may pass their own (e.g. a MemoryCounterStore they can clear). */
  store?: CounterStore;
  /** Where the in-process counter store keeps its rate windows across restarts (without Redis). */
  dataDir?: string;
  metrics?: GatewayMetrics;
  /** How often the request-log writer flushes its batch (default: its own). */
  logFlushIntervalMs?: number;
  /** Where finished requests are announced to live admin clients. */
  feed?: LiveRequestFeed;
  /** The admin mutation's transaction: notifications raised in one are announced once it committed. */
  commitScope?: CommitScope;
}

export interface KeysAndLimits {
  store: CounterStore;
  logWriter: RequestLogWriter;
  usage: UsageRecorder;
  admission: LimitsAdmission;
  settlement: AdmissionSettlement;
  /** Gateway-wide admission settings (realtime session limits and timeouts among them). */
  defaults: LimitDefaultsState;
  ipFilter: IpFilterChecks;
  authFailures: AuthFailureGuard;
  notifications: NotificationCenter;
  services: {
    virtualKeys: VirtualKeyService;
    keyGroups: KeyGroupService;
    budgets: BudgetUsageService;
    ipFilters: IpFilterService;
    notifications: NotificationService;
    webhook: WebhookSettingsService;
    limitDefaults: LimitDefaultsService;
    costTransfer: ModelCostTransferService;
    unpricedModels: UnpricedModelService;
  };
  close(): Promise<void>;
}

const safetyReloadMs = 60_000;

export async function startKeysAndLimits(options: KeysAndLimitsOptions): Promise<KeysAndLimits> {
  const { logger, changes, models } = options;
  const store = options.store ?? createCounterStore(options.redisUrl);
  const windowsFile =
    store instanceof MemoryCounterStore && options.dataDir
      ? await keepMemoryWindows(store, path.join(options.dataDir, 'rate-windows.json'), logger)
      : undefined;
  const spendRows = new SpendRepository(models, options.sequelize);
  const budgets = new BudgetCounters(store, spendRows, logger);
  const logWriter = new RequestLogWriter({
    sequelize: options.sequelize,
    models,
    logger,
    flushIntervalMs: options.logFlushIntervalMs,
    rollups: new UsageRollupWriter(options.sequelize, options.logger),
    onSpendFlushed: (flushed) => budgets.flushed(flushed),
  });
  const leases = new LeaseKeeper(store, options.leaseMs ?? 60_000, logger);

  const groups = new KeyGroupCache(options.keyRepository);
  const defaults = new LimitDefaultsState(options.settings);
  const ipFilters = new IpFilterState(new IpRuleRepository(models), options.settings);
  const webhookSettings = new WebhookSettingsState(options.cipher, options.settings);
  const reloads: Array<[ConfigChangedEvent['entity'], () => Promise<void>]> = [
    ['keyGroup', () => groups.reload()],
    ['limitSettings', () => defaults.reload()],
    ['ipFilter', () => ipFilters.reload()],
    ['webhookSettings', () => webhookSettings.reload()],
  ];
  await Promise.all(reloads.map(([, reload]) => reload()));
  for (const [entity, reload] of reloads) {
    changes.onChange([entity], () => reload().catch((error: unknown) => logger.error({ err: error, entity }, 'reloading after a change failed')));
  }
  const safety = setInterval(() => {
    for (const [entity, reload] of reloads) reload().catch((error: unknown) => logger.warn({ err: error, entity }, 'periodic reload failed'));
  }, safetyReloadMs);
  safety.unref();

  const notificationStore = new NotificationRepository(models);
  const delivery = new WebhookDelivery({ store: notificationStore, settings: webhookSettings, logger });
  const notifications = new NotificationCenter(notificationStore, options.events, webhookSettings, delivery, logger, options.commitScope);
  const expiry = new KeyExpiryScanner(options.keyRepository, notifications, logger);
  // A key given an expiry date soon is noticed at once, not at the next hourly scan.
  let scanSoon: NodeJS.Timeout | undefined;
  changes.onChange(['virtualKey'], () => {
    clearTimeout(scanSoon);
    scanSoon = setTimeout(() => void expiry.scan(), 1_000);
    scanSoon.unref();
  });
  const firstScan = setTimeout(() => void expiry.scan(), 5_000);
  firstScan.unref();

  const settlement = new AdmissionSettlement(store, leases, logger, notifications);
  const admission = new LimitsAdmission({ store, groups, config: options.config, defaults, budgets, leases, logger, clock: options.clock });

  return {
    store,
    logWriter,
    usage: new UsageRecorder(logWriter, options.config, settlement, options.metrics, options.feed),
    admission,
    settlement,
    defaults,
    ipFilter: ipFilterChecks(ipFilters),
    authFailures: new AuthFailureGuard(store, () => ipFilters.settings),
    notifications,
    services: {
      virtualKeys: new VirtualKeyService(models, changes, logWriter, notifications),
      keyGroups: new KeyGroupService(models, changes),
      budgets: new BudgetUsageService(store, spendRows, logWriter),
      ipFilters: new IpFilterService(models, changes, ipFilters),
      notifications: new NotificationService(models, expiry),
      webhook: new WebhookSettingsService(changes, webhookSettings),
      limitDefaults: new LimitDefaultsService(changes, defaults),
      costTransfer: new ModelCostTransferService(models, changes),
      unpricedModels: new UnpricedModelService(models, options.config, logWriter),
    },
    async close() {
      clearInterval(safety);
      clearTimeout(scanSoon);
      clearTimeout(firstScan);
      expiry.close();
      leases.close();
      await logWriter.close();
      await notifications.settled();
      await delivery.close();
      await windowsFile?.close();
      await store.close();
    },
  };
}
