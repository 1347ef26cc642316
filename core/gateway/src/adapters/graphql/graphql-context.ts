/** What every GraphQL resolver receives: the services, who is calling, never the database or the HTTP request. */
import type { AdminIdentity } from '../../domain/admin-identity.ts';
import type { LiveSubscriptions } from './live/live-subscriptions.ts';
import type { PluginRegistry } from '../../engine/plugins/plugin-registry.ts';
import type { FallbackRuleService } from '../../services/fallback-rule-service.ts';
import type { ModelCostService } from '../../services/model-cost-service.ts';
import type { ModelDeploymentService } from '../../services/model-deployment-service.ts';
import type { ProviderService } from '../../services/provider-service.ts';
import type { ProviderHealthService } from '../../services/provider-health-service.ts';
import type { RequestLogService } from '../../services/request-log-service.ts';
import type { RouterSettingsService } from '../../services/router-settings-service.ts';
import type { RoutingStateService } from '../../services/routing-state-service.ts';
import type { VirtualKeyService } from '../../services/virtual-key-service.ts';
import type { BudgetUsageService } from '../../services/budget-usage-service.ts';
import type { IpFilterService } from '../../services/ip-filter-service.ts';
import type { KeyGroupService } from '../../services/key-group-service.ts';
import type { LimitDefaultsService } from '../../services/limit-defaults-service.ts';
import type { ModelCostTransferService } from '../../services/model-cost-transfer-service.ts';
import type { NotificationService } from '../../services/notification-service.ts';
import type { UnpricedModelService } from '../../services/unpriced-model-service.ts';
import type { WebhookSettingsService } from '../../services/webhook-settings-service.ts';
import type { ConfigState } from '../../engine/state/config-state.ts';
import type { AdminChangeService } from '../../services/admin-change-service.ts';
import type { AdminTokenService } from '../../services/admin-token-service.ts';
import type { AuditLogService } from '../../services/audit-log-service.ts';
import type { UsageAnalyticsService } from '../../services/usage-analytics-service.ts';
import type { RequestLogRetentionService } from '../../services/request-log-retention-service.ts';
import type { ResponseCacheService } from '../../services/response-cache-service.ts';
import type { RealtimeSessionService } from '../../services/realtime-session-service.ts';

export interface AdminServices {
  providers: ProviderService;
  deployments: ModelDeploymentService;
  costs: ModelCostService;
  virtualKeys: VirtualKeyService;
  requestLogs: RequestLogService;
  registry: PluginRegistry;
  config: ConfigState;
  routerSettings: RouterSettingsService;
  fallbackRules: FallbackRuleService;
  providerHealth: ProviderHealthService;
  routingState: RoutingStateService;
  keyGroups: KeyGroupService;
  budgets: BudgetUsageService;
  ipFilters: IpFilterService;
  notifications: NotificationService;
  webhook: WebhookSettingsService;
  limitDefaults: LimitDefaultsService;
  costTransfer: ModelCostTransferService;
  unpricedModels: UnpricedModelService;
  adminChanges: AdminChangeService;
  adminTokens: AdminTokenService;
  auditLog: AuditLogService;
  usage: UsageAnalyticsService;
  retention: RequestLogRetentionService;
  realtimeSessions: RealtimeSessionService;
  responseCache: ResponseCacheService;
}

/** What the transport (HTTP/SSE or graphql-ws) knows about the caller, handed to graphql-yoga. */
export interface AdminServerContext {
  admin: AdminIdentity;
  clientIp: string;
}

export interface GraphQLContext extends AdminServerContext {
  services: AdminServices;
  live: LiveSubscriptions;
}
