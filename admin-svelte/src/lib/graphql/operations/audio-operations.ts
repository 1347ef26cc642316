import { graphql } from '../graphql.ts';

/** Audio usage per day, endpoint and one more dimension (the page keeps the `audio/…` endpoints). */
export const AudioUsage = graphql(`
  query AudioUsage($from: DateTime!, $to: DateTime!, $groupBy: [UsageDimension!]) {
    usage(from: $from, to: $to, bucket: DAY, groupBy: $groupBy) { bucketStart endpoint model providerId virtualKeyId requests audioSeconds characters cost }
    providers { id name }
    virtualKeys { id name }
  }
`);

export const AudioCapabilitiesFields = graphql(`
  fragment AudioCapabilitiesFields on AudioCapabilities @_unmask {
    transcribe transcribeStream translate speak speakStream languages defaultVoice inputFormats outputFormats transcriptFormats
    maxFileBytes maxInputCharacters voices { id name languages }
  }
`);

/** Providers whose type has an audio plugin, their deployments with what they declare, and their current health. */
export const AudioCatalogue = graphql(`
  query AudioCatalogue {
    providers { id name type kinds enabled problem deployments { id modelName providerModel enabled audioCapabilities { ...AudioCapabilitiesFields } } }
    providerHealth { providerId status outage error latencyMs checkedAt }
  }
`, [AudioCapabilitiesFields]);

/** A provider's stored audio health checks (speech synthesis, transcription of a bundled clip), newest first. */
export const AudioHealthHistory = graphql(`
  query AudioHealthHistory($providerId: ID!, $first: Int) {
    providerHealthHistory(providerId: $providerId, first: $first, probes: [AUDIO_SPEECH, AUDIO_TRANSCRIPTION]) {
      edges { node { id probe status latencyMs error checkedAt } }
    }
  }
`);
