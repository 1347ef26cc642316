import { graphql } from '../graphql.ts';

export const RouterSettingsFields = graphql(`
  fragment RouterSettingsFields on RouterSettings @_unmask {
    availableStrategies defaultStrategy maxRetries retryBaseDelayMs retryMaxDelayMs
    breakerEnabled breakerFailureThreshold breakerErrorRate breakerMinRequests breakerWindowMs breakerCooldownMs
    connectTimeoutMs firstByteTimeoutMs idleTimeoutMs
    healthCheckIntervalMs healthCheckTimeoutMs healthRetentionHours updatedAt
  }
`);

export const RoutingSettings = graphql(`
  query RoutingSettings { routerSettings { ...RouterSettingsFields } limitSettings { defaultMaxOutputTokens } }
`, [RouterSettingsFields]);

export const UpdateRouterSettings = graphql(`
  mutation UpdateRouterSettings($input: UpdateRouterSettingsInput!) { updateRouterSettings(input: $input) { ...RouterSettingsFields } }
`, [RouterSettingsFields]);

export const UpdateLimitSettings = graphql(`
  mutation UpdateLimitSettings($input: UpdateLimitSettingsInput!) { updateLimitSettings(input: $input) { defaultMaxOutputTokens } }
`);
