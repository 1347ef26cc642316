import { graphql } from '../graphql.ts';

export const RequestLogFields = graphql(`
  fragment RequestLogFields on RequestLog @_unmask {
    id requestId createdAt endpoint model providerModel providerId deploymentId virtualKeyId status stream
    latencyMs firstByteMs attempts promptTokens completionTokens cachedTokens totalTokens audioSeconds characters cost unpriced
    usageEstimated cacheHit errorCode errorMessage clientIp
  }
`);

export const RequestLogs = graphql(`
  query RequestLogs($first: Int, $after: String, $model: String, $virtualKeyId: ID) {
    requestLogs(first: $first, after: $after, model: $model, virtualKeyId: $virtualKeyId) {
      edges { node { ...RequestLogFields } }
      pageInfo { hasNextPage endCursor }
    }
  }
`, [RequestLogFields]);

/** Every request as it completes (the filters are applied by RequestLogState.receive, so changing them does not resubscribe). */
export const RequestLogged = graphql(`
  subscription RequestLogged { requestLogged { ...RequestLogFields } }
`, [RequestLogFields]);

export const Dashboard = graphql(`
  query Dashboard {
    providerHealth { providerId status outage error latencyMs checkedAt provider { name } }
    unreadNotificationCount
    notifications(first: 5, unreadOnly: true) { edges { node { id message severity createdAt } } }
    requestLogs(first: 50) { edges { node { ...RequestLogFields } } }
    virtualKeys { id name spendThisPeriod maxBudget budgetPeriod enabled }
  }
`, [RequestLogFields]);

export const ProviderHealthList = graphql(`
  query ProviderHealthList {
    providerHealth { providerId status outage error latencyMs checkedAt since provider { name type } }
  }
`);

export const ProviderHealthHistory = graphql(`
  query ProviderHealthHistory($providerId: ID!, $first: Int) {
    providerHealthHistory(providerId: $providerId, first: $first) { edges { node { id status latencyMs error checkedAt } } }
  }
`);

export const NotificationFields = graphql(`
  fragment NotificationFields on Notification @_unmask {
    id kind severity message read createdAt virtualKeyId keyGroupId webhookState webhookError webhookAttempts
  }
`);

export const Notifications = graphql(`
  query Notifications($first: Int, $after: String, $unreadOnly: Boolean) {
    notifications(first: $first, after: $after, unreadOnly: $unreadOnly) {
      edges { node { ...NotificationFields } }
      pageInfo { hasNextPage endCursor }
    }
    unreadNotificationCount
    webhookSettings { enabled url hasSecret kinds maxAttempts timeoutMs initialRetryDelayMs }
  }
`, [NotificationFields]);

export const MarkNotificationRead = graphql(`
  mutation MarkNotificationRead($id: ID!, $read: Boolean) { markNotificationRead(id: $id, read: $read) { ...NotificationFields } }
`, [NotificationFields]);

export const MarkAllNotificationsRead = graphql(`mutation MarkAllNotificationsRead { markAllNotificationsRead }`);

/** Every notification as it is created, on any instance (the Notifications page's live list). */
export const NotificationCreated = graphql(`
  subscription NotificationCreated { notificationCreated { ...NotificationFields } }
`, [NotificationFields]);

export const SendTestWebhook = graphql(`
  mutation SendTestWebhook { sendTestWebhook { url ok statusCode latencyMs error } }
`);

export const UpdateWebhookSettings = graphql(`
  mutation UpdateWebhookSettings($input: UpdateWebhookSettingsInput!) {
    updateWebhookSettings(input: $input) { enabled url hasSecret kinds maxAttempts timeoutMs initialRetryDelayMs }
  }
`);

export const LiveStatsFeed = graphql(`
  subscription LiveStatsFeed($intervalSeconds: Int) {
    liveStats(intervalSeconds: $intervalSeconds) { at intervalSeconds requestsPerSecond errorsPerSecond latencyMsP50 latencyMsP95 requestsInFlight costPerMinute instances }
  }
`);
