/**
 * The model classes, bound to one database: each opened database defines its own set, so two
 * gateways (two databases) can live in one process. Repositories and services receive the set (or
 * the models they use) from the composition root; there are no global models.
 */
import type { Sequelize } from 'sequelize';
import { defineAdminTokenRecord } from './admin-token-model.ts';
import { defineAuditLogRecord } from './audit-log-model.ts';
import { defineFallbackRuleRecord } from './fallback-rule-model.ts';
import { defineGlobalSettingRecord } from './global-setting-model.ts';
import { defineIpFilterRecord } from './ip-filter-model.ts';
import { defineKeyGroupRecord } from './key-group-model.ts';
import { defineModelCostRecord } from './model-cost-model.ts';
import { defineModelDeploymentRecord } from './model-deployment-model.ts';
import { defineNotificationRecord } from './notification-model.ts';
import { defineProviderHealthRecord } from './provider-health-model.ts';
import { defineProviderRecord } from './provider-model.ts';
import { defineRequestLogRecord } from './request-log-model.ts';
import { defineRouterSettingsRecord } from './router-settings-model.ts';
import { defineSpendPeriodRecord } from './spend-period-model.ts';
import { defineStoredResponseRecord } from './stored-response-model.ts';
import { defineVirtualKeyRecord } from './virtual-key-model.ts';

export function defineModels(sequelize: Sequelize) {
  return {
    AdminTokenRecord: defineAdminTokenRecord(sequelize),
    AuditLogRecord: defineAuditLogRecord(sequelize),
    FallbackRuleRecord: defineFallbackRuleRecord(sequelize),
    GlobalSettingRecord: defineGlobalSettingRecord(sequelize),
    IpFilterRecord: defineIpFilterRecord(sequelize),
    KeyGroupRecord: defineKeyGroupRecord(sequelize),
    ModelCostRecord: defineModelCostRecord(sequelize),
    ModelDeploymentRecord: defineModelDeploymentRecord(sequelize),
    NotificationRecord: defineNotificationRecord(sequelize),
    ProviderHealthRecord: defineProviderHealthRecord(sequelize),
    ProviderRecord: defineProviderRecord(sequelize),
    RequestLogRecord: defineRequestLogRecord(sequelize),
    RouterSettingsRecord: defineRouterSettingsRecord(sequelize),
    SpendPeriodRecord: defineSpendPeriodRecord(sequelize),
    StoredResponseRecord: defineStoredResponseRecord(sequelize),
    VirtualKeyRecord: defineVirtualKeyRecord(sequelize),
  };
}

export type DatabaseModels = ReturnType<typeof defineModels>;
