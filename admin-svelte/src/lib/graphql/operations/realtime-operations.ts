import { graphql } from '../graphql.ts';

export const RealtimeSessionFields = graphql(`
  fragment RealtimeSessionFields on RealtimeSession @_unmask {
    id virtualKeyId virtualKeyName model providerId provider { name } deploymentId startedAt durationSeconds
    audioSecondsIn audioSecondsOut inputTokens outputTokens cost instanceId
  }
`);

/** The realtime part of the gateway-wide limit settings. */
export const RealtimeSettingsFields = graphql(`
  fragment RealtimeSettingsFields on LimitSettings @_unmask {
    defaultMaxRealtimeSessions maxRealtimeSessions realtimeIdleTimeoutSeconds realtimeMaxSessionSeconds
  }
`);

export const RealtimeSessions = graphql(`
  query RealtimeSessions { realtimeSessions { ...RealtimeSessionFields } }
`, [RealtimeSessionFields]);

/** Each session that started, changed or ended, on any instance (the changed session, not the list). */
export const RealtimeSessionsChanged = graphql(`
  subscription RealtimeSessionsChanged { realtimeSessionsChanged { change session { ...RealtimeSessionFields } } }
`, [RealtimeSessionFields]);

export const CloseRealtimeSession = graphql(`mutation CloseRealtimeSession($id: ID!) { closeRealtimeSession(id: $id) }`);

export const RealtimeSettings = graphql(`query RealtimeSettings { limitSettings { ...RealtimeSettingsFields } }`, [RealtimeSettingsFields]);

export const UpdateRealtimeSettings = graphql(`
  mutation UpdateRealtimeSettings($input: UpdateLimitSettingsInput!) { updateLimitSettings(input: $input) { ...RealtimeSettingsFields } }
`, [RealtimeSettingsFields]);
