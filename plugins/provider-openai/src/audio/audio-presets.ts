/**
 * The OpenAI-compatible speech and transcription servers this package serves, as configuration:
 * OpenAI itself, Groq's Whisper, and the self-hosted Speaches (faster-whisper-server), Kokoro-FastAPI
 * and LocalAI. A preset sharing a chat preset's name (`openai`, `groq`) shares its account: one
 * Provider record serves both kinds.
 */
import type { AudioCapabilities, AudioVoice } from '@conduit/plugin-api';

export interface OpenAIAudioPreset {
  /** Provider type id, pinned. */
  name: string;
  displayName: string;
  defaultBaseUrl: string;
  apiKeyRequired: boolean;
  capabilities: AudioCapabilities;
  modelCapabilities?: (model: string) => AudioCapabilities | undefined;
  /** Speech models asked for `stream_format: "sse"`, whose last event reports the token usage. */
  speechEvents?: (model: string) => boolean;
  /** The unit of segment and word times in its transcription answers (default seconds). */
  transcriptTimeUnit?: 'seconds' | 'nanoseconds';
  /** Transcription models that tell speakers apart (answer `diarized_json`). */
  diarizes?: (model: string) => boolean;
}

const voices = (ids: string[]): AudioVoice[] => ids.map((id) => ({ id }));

/** The voices OpenAI's speech endpoint describes; tts-1 and tts-1-hd take the first nine. */
const openAIClassicVoices = ['alloy', 'ash', 'coral', 'echo', 'fable', 'onyx', 'nova', 'sage', 'shimmer'];
export const openAIVoices = voices([...openAIClassicVoices, 'ballad', 'verse', 'marin', 'cedar']);

const whisperInputs = ['flac', 'mp3', 'mp4', 'mpeg', 'mpga', 'm4a', 'ogg', 'wav', 'webm'];
const speechFormats = ['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm'];
const allTranscriptFormats = ['json', 'text', 'srt', 'verbose_json', 'vtt'] as const;
const mb = 1024 * 1024;

const noSpeech: AudioCapabilities = { speak: false, speakStream: false };
const noTranscription: AudioCapabilities = { transcribe: false, transcribeStream: false, translate: false };

function openAIModelCapabilities(model: string): AudioCapabilities | undefined {
  if (model === 'whisper-1') return { ...noSpeech, transcribe: true, translate: true, transcribeStream: false };
  if (/^gpt-4o(-mini)?-transcribe/.test(model) || model === 'gpt-transcribe') {
    // These answer only `json` (the gateway renders text itself) and do not translate.
    return { ...noSpeech, transcribe: true, transcribeStream: true, translate: false, transcriptFormats: ['json', 'text'] };
  }
  // Custom voices are made for the gpt-4o-mini-tts family.
  if (model === 'tts-1' || model === 'tts-1-hd') return { ...noTranscription, speak: true, speakStream: true, voices: voices(openAIClassicVoices), customVoices: false };
  if (model.startsWith('gpt-4o-mini-tts')) return { ...noTranscription, speak: true, speakStream: true };
  return undefined;
}

function groqModelCapabilities(model: string): AudioCapabilities | undefined {
  // Groq translates with whisper-large-v3 only.
  if (model.startsWith('whisper-large-v3-turbo') || model.startsWith('distil-whisper')) return { translate: false };
  return undefined;
}

export const audioPresets: readonly OpenAIAudioPreset[] = [
  {
    name: 'openai',
    displayName: 'OpenAI',
    defaultBaseUrl: 'https://api.openai.com/v1',
    apiKeyRequired: true,
    capabilities: {
      transcribe: true,
      transcribeStream: true,
      translate: true,
      speak: true,
      speakStream: true,
      voices: openAIVoices,
      defaultVoice: 'alloy',
      customVoices: true,
      inputFormats: whisperInputs,
      outputFormats: speechFormats,
      transcriptFormats: allTranscriptFormats,
      maxFileBytes: 25 * mb,
      maxInputCharacters: 4096,
    },
    modelCapabilities: openAIModelCapabilities,
    // tts-1 and tts-1-hd refuse `sse` (and are billed by characters).
    speechEvents: (model) => model.startsWith('gpt-4o-mini-tts'),
    diarizes: (model) => model.startsWith('gpt-4o-transcribe-diarize'),
  },
  {
    name: 'groq',
    displayName: 'Groq',
    defaultBaseUrl: 'https://api.groq.com/openai/v1',
    apiKeyRequired: true,
    capabilities: {
      transcribe: true,
      translate: true,
      inputFormats: whisperInputs,
      transcriptFormats: ['json', 'text', 'verbose_json'],
      maxFileBytes: 25 * mb,
    },
    modelCapabilities: groqModelCapabilities,
  },
  {
    name: 'speaches',
    displayName: 'Speaches (faster-whisper-server)',
    defaultBaseUrl: 'http://localhost:8000/v1',
    apiKeyRequired: false,
    capabilities: {
      transcribe: true,
      transcribeStream: true,
      translate: true,
      speak: true,
      speakStream: true,
      inputFormats: whisperInputs,
      outputFormats: speechFormats,
      transcriptFormats: allTranscriptFormats,
    },
  },
  {
    name: 'kokoro',
    displayName: 'Kokoro-FastAPI',
    defaultBaseUrl: 'http://localhost:8880/v1',
    apiKeyRequired: false,
    capabilities: {
      speak: true,
      speakStream: true,
      voices: voices(['af_heart', 'af_bella', 'af_nicole', 'af_sky', 'am_adam', 'am_michael', 'bf_emma', 'bf_isabella', 'bm_george', 'bm_lewis']),
      defaultVoice: 'af_heart',
      outputFormats: speechFormats,
    },
  },
  {
    name: 'localai',
    displayName: 'LocalAI',
    defaultBaseUrl: 'http://localhost:8080/v1',
    apiKeyRequired: false,
    // Its segments' start and end are Go time.Durations (core/schema/transcription.go).
    transcriptTimeUnit: 'nanoseconds',
    capabilities: {
      transcribe: true,
      speak: true,
      inputFormats: whisperInputs,
      outputFormats: ['wav', 'mp3'],
      transcriptFormats: ['json', 'text'],
    },
  },
];
