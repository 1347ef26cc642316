/**
 * Every mutation's rule: the least role that may run it, and what it changes (entity and action) for
 * the `configChanged` subscription and the audit log. A mutation without a rule is refused, and a test
 * walks the schema so that adding one without a rule fails CI.
 *
 * VIEWER runs no mutation; OPERATOR manages virtual keys, key groups, IP filters and notifications, and closes realtime sessions;
 * ADMIN everything (the master key is ADMIN).
 */
import type { AdminRole } from '../../domain/admin-identity.ts';

export interface MutationRule {
  role: AdminRole;
  entity: string;
  action: 'create' | 'update' | 'delete' | 'import' | 'check' | 'revoke' | 'close';
}

const rule = (role: AdminRole, entity: string, action: MutationRule['action']): MutationRule => ({ role, entity, action });

export const mutationPolicy: Readonly<Record<string, MutationRule>> = {
  createVirtualKey: rule('OPERATOR', 'virtualKey', 'create'),
  updateVirtualKey: rule('OPERATOR', 'virtualKey', 'update'),
  deleteVirtualKey: rule('OPERATOR', 'virtualKey', 'delete'),
  createKeyGroup: rule('OPERATOR', 'keyGroup', 'create'),
  updateKeyGroup: rule('OPERATOR', 'keyGroup', 'update'),
  deleteKeyGroup: rule('OPERATOR', 'keyGroup', 'delete'),
  createIpFilter: rule('OPERATOR', 'ipFilter', 'create'),
  updateIpFilter: rule('OPERATOR', 'ipFilter', 'update'),
  deleteIpFilter: rule('OPERATOR', 'ipFilter', 'delete'),
  updateIpFilterSettings: rule('OPERATOR', 'ipFilterSettings', 'update'),
  markNotificationRead: rule('OPERATOR', 'notification', 'update'),
  markAllNotificationsRead: rule('OPERATOR', 'notification', 'update'),
  closeRealtimeSession: rule('OPERATOR', 'realtimeSession', 'close'),

  createProvider: rule('ADMIN', 'provider', 'create'),
  updateProvider: rule('ADMIN', 'provider', 'update'),
  deleteProvider: rule('ADMIN', 'provider', 'delete'),
  checkProviderHealth: rule('ADMIN', 'providerHealth', 'check'),
  createModelDeployment: rule('ADMIN', 'deployment', 'create'),
  updateModelDeployment: rule('ADMIN', 'deployment', 'update'),
  deleteModelDeployment: rule('ADMIN', 'deployment', 'delete'),
  setModelRoutingStrategy: rule('ADMIN', 'deployment', 'update'),
  createModelCost: rule('ADMIN', 'cost', 'create'),
  updateModelCost: rule('ADMIN', 'cost', 'update'),
  deleteModelCost: rule('ADMIN', 'cost', 'delete'),
  importModelCosts: rule('ADMIN', 'cost', 'import'),
  createFallbackRule: rule('ADMIN', 'fallbackRule', 'create'),
  updateFallbackRule: rule('ADMIN', 'fallbackRule', 'update'),
  deleteFallbackRule: rule('ADMIN', 'fallbackRule', 'delete'),
  updateRouterSettings: rule('ADMIN', 'routerSettings', 'update'),
  updateLimitSettings: rule('ADMIN', 'limitSettings', 'update'),
  updateWebhookSettings: rule('ADMIN', 'webhookSettings', 'update'),
  sendTestWebhook: rule('ADMIN', 'webhookSettings', 'check'),
  setRequestLogRetentionDays: rule('ADMIN', 'setting', 'update'),
  purgeRequestLogs: rule('ADMIN', 'requestLog', 'delete'),
  clearResponseCache: rule('ADMIN', 'responseCache', 'delete'),
  createAdminToken: rule('ADMIN', 'adminToken', 'create'),
  revokeAdminToken: rule('ADMIN', 'adminToken', 'revoke'),
};
