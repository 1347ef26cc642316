import type { AudioCapabilities, AudioClient, AudioFile, SpeechRequest, TranscriptionRequest } from '../audio-plugin.ts';
import type { CallOptions } from '../provider-plugin.ts';
import type { AudioConformanceFake } from './audio-conformance-options.ts';

/** What one audio check runs against: a fresh fake and a client of the plugin pointed at it. */
export interface AudioConformanceScenario {
  client: AudioClient;
  fake: AudioConformanceFake;
  /** The plugin's capabilities merged with those of the model the check uses. */
  capabilities: AudioCapabilities;
  /** The methods `capabilities` promise, for the models the options name. */
  declared: Readonly<Record<'transcribe' | 'transcribeStream' | 'translate' | 'speak', boolean>>;
  credentials: Readonly<Record<string, string>>;
  call(signal?: AbortSignal): CallOptions;
  /** A transcription request for the transcribe model with a fresh sample upload. */
  transcription(): TranscriptionRequest;
  /** A speech request for the speak model, voice and format. */
  speech(fields?: Partial<SpeechRequest>): SpeechRequest;
  sample(): AudioFile;
  expectedText?: RegExp;
  unknownVoice?: string;
}

export type AudioCheckNeed = 'transcribe' | 'transcribeStream' | 'speak' | 'scripted-upstream' | 'unknownVoice';

export interface AudioConformanceCheck {
  /** Unique, stable, printed; what `options.skip` matches. */
  name: string;
  needs: AudioCheckNeed[];
  run(scenario: AudioConformanceScenario): Promise<void>;
}
