/**
 * The opt-in audio health checks of one provider: a short synthesis with its speech model (the
 * bytes read to the end) and a transcription of the bundled clip with its transcription model, each
 * with the plugin's own audio client, each its own finding. Which models run is the provider's
 * `audioHealthCheck` option; a model it does not name is not checked.
 */
import { ProviderError, type AudioCapabilities, type AudioClient, type SpeechOutputFormat } from '@conduit/plugin-api';
import type { AudioHealthCheckOption } from '../plugins/gateway-provider-options.ts';
import { audioHealthClip } from './audio-health-clip.ts';
import { runProbe, type ProbeOutcome } from './probe-provider.ts';

export type AudioProbeName = 'audio-speech' | 'audio-transcription';

export type AudioProbeOutcome = ProbeOutcome & { probe: AudioProbeName };

/** What the synthesis says: short, so it costs little. */
export const audioHealthPhrase = 'Hello.';

/** A provider's audio side as the checks need it: its client, what each model declares, and its opt-in. */
export interface AudioHealthTarget {
  client: AudioClient;
  capabilities(model: string): AudioCapabilities;
  check: AudioHealthCheckOption;
}

export async function probeAudio(
  audio: AudioHealthTarget,
  options: { timeoutMs: number; signal: AbortSignal; requestId: string },
): Promise<AudioProbeOutcome[]> {
  const { check } = audio;
  const outcomes: AudioProbeOutcome[] = [];
  const { speechModel, transcriptionModel } = check;
  if (speechModel) {
    const outcome = await runProbe(async (call) => {
      if (!audio.client.speak) throw unable(`cannot synthesise speech (its audio plugin has no speak)`);
      const capabilities = audio.capabilities(speechModel);
      const speech = await audio.client.speak(
        { model: speechModel, input: audioHealthPhrase, voice: check.voice ?? voiceOf(capabilities), format: formatOf(capabilities) },
        call,
      );
      let bytes = 0;
      for await (const piece of speech.body) bytes += piece.byteLength;
      if (bytes === 0) throw unable(`${speechModel} answered no audio`);
    }, { ...options, requestId: `${options.requestId}-speech` });
    outcomes.push({ ...outcome, probe: 'audio-speech' });
  }
  if (transcriptionModel) {
    const outcome = await runProbe(async (call) => {
      if (!audio.client.transcribe) throw unable('cannot transcribe (its audio plugin has no transcribe)');
      const transcription = await audio.client.transcribe({ model: transcriptionModel, file: await audioHealthClip(), language: 'en' }, call);
      if (transcription.text.trim() === '') throw unable(`${transcriptionModel} heard nothing in the health check clip`);
    }, { ...options, requestId: `${options.requestId}-transcription` });
    outcomes.push({ ...outcome, probe: 'audio-transcription' });
  }
  return outcomes;
}

function voiceOf(capabilities: AudioCapabilities): string {
  return capabilities.defaultVoice ?? capabilities.voices?.[0]?.id ?? 'alloy';
}

/** WAV when the model makes it (no encoder in the way), else the first format it declares. */
function formatOf(capabilities: AudioCapabilities): SpeechOutputFormat {
  const formats = capabilities.outputFormats;
  if (!formats || formats.includes('wav')) return 'wav';
  return formats[0] ?? 'mp3';
}

function unable(message: string): ProviderError {
  return new ProviderError({ code: 'invalid_response', retryable: false, message });
}
