/**
 * The audio contract (plugin API version 2): speech to text (`transcribe`), speech to English text
 * (`translate`) and text to speech (`speak`), each optional and declared in `capabilities`. Like a
 * provider plugin, an audio plugin is translation plus the HTTP call through `context.http`; the
 * gateway parses uploads, measures durations, routes by what each deployment declares, bills and
 * logs. Failures are `ProviderError`s (as for chat); `options.signal` is honoured throughout, also
 * while a stream of bytes or deltas is being read.
 *
 * A package may export an audio plugin beside a provider plugin of the same name (e.g. both named
 * `openai`): a configured Provider of that type then serves chat and audio with one account.
 */
import type { PluginBase, ProviderAccountFields } from './plugin-base.ts';
import type { CallOptions, ProviderContext } from './provider-plugin.ts';

/** Upload formats, by the names OpenAI's transcription endpoint accepts; a plugin may add others. */
export type AudioInputFormat = 'flac' | 'mp3' | 'mp4' | 'mpeg' | 'mpga' | 'm4a' | 'ogg' | 'wav' | 'webm' | (string & {});

/**
 * Speech output formats, by OpenAI's `response_format` names (`pcm`: raw 16-bit little-endian mono,
 * 24 kHz); a plugin may add others.
 */
export type SpeechOutputFormat = 'mp3' | 'opus' | 'aac' | 'flac' | 'wav' | 'pcm' | (string & {});

/** How a transcript is rendered for the client (OpenAI's `response_format`). */
export type TranscriptFormat = 'json' | 'text' | 'srt' | 'verbose_json' | 'vtt';

export interface AudioVoice {
  /** The id `speak` takes, e.g. `alloy` or a provider's voice id. */
  id: string;
  /** A human name, when the id is not one. */
  name?: string;
  /** Languages the voice speaks well (ISO-639-1); absent: not said. */
  languages?: readonly string[];
}

/**
 * What an audio plugin's models can do. Every field is optional: a missing flag is false, a missing
 * list is "not declared" (the router does not filter on it), a missing limit is "no limit known".
 * Fields may be added in later plugin API versions; a gateway ignores fields it does not know.
 */
export interface AudioCapabilities {
  /** `transcribe`: speech to text in its own language. */
  transcribe?: boolean;
  /** `transcribeStream`: transcript deltas while the provider works. */
  transcribeStream?: boolean;
  /** `translate`: speech to English text. */
  translate?: boolean;
  /** `speak`: text to speech. */
  speak?: boolean;
  /** `speak` yields audio as the provider produces it (first bytes before it finishes). */
  speakStream?: boolean;
  /** Languages understood (transcribe) and spoken (speak), ISO-639-1 codes such as `en`. */
  languages?: readonly string[];
  /** Voices `speak` accepts. */
  voices?: readonly AudioVoice[];
  /** The voice used when a request names none the plugin knows, if any. */
  defaultVoice?: string;
  /**
   * `speak` also takes the ids of voices the account made itself (OpenAI's custom voices, asked for as
   * `{"id": "voice_…"}`), which no list declares.
   */
  customVoices?: boolean;
  /** Upload formats `transcribe` and `translate` read. */
  inputFormats?: readonly AudioInputFormat[];
  /** Formats `speak` can produce. */
  outputFormats?: readonly SpeechOutputFormat[];
  /** Transcript renderings the provider produces itself; the gateway renders the others from `Transcription`. */
  transcriptFormats?: readonly TranscriptFormat[];
  /** The largest upload the provider accepts, in bytes. */
  maxFileBytes?: number;
  /** The longest `speak` input, in characters. */
  maxInputCharacters?: number;
}

/** An uploaded audio file, streamed: it is never held whole in memory by the gateway. */
export interface AudioFile {
  /** The bytes as they arrive; iterate once. */
  body: AsyncIterable<Uint8Array>;
  /** The client's filename (for providers that want one with an extension). */
  filename: string;
  /** The format, detected by the gateway from the filename or the bytes. */
  format: AudioInputFormat;
  /** The content type to send upstream, e.g. `audio/wav`. */
  contentType: string;
  /** The size in bytes, when known before reading. */
  bytes?: number;
  /** The duration the gateway measured, in seconds, when known. */
  durationSeconds?: number;
}

export interface TranscriptionRequest {
  /** The provider's model name. */
  model: string;
  file: AudioFile;
  /** The spoken language (ISO-639-1), when the client says. */
  language?: string;
  /** Text to guide the style or continue a previous segment. */
  prompt?: string;
  temperature?: number;
  /** Timestamps wanted in the answer's `segments` / `words`. */
  timestampGranularities?: ReadonlyArray<'word' | 'segment'>;
  /** The rendering the client asked for; a plugin may ignore it and return a `Transcription`. */
  responseFormat?: TranscriptFormat;
}

/** Translation to English takes the same fields but the language, which is always English out. */
export type TranslationRequest = Omit<TranscriptionRequest, 'language' | 'timestampGranularities'>;

export interface TranscriptSegment {
  id?: string | number;
  /** Seconds from the start of the audio. */
  start: number;
  end: number;
  text: string;
  /** The speaker's label, when the provider tells speakers apart. */
  speaker?: string;
}

export interface TranscriptWord {
  word: string;
  start: number;
  end: number;
}

/**
 * What an audio call used, as the provider reports it. Unknown is undefined, never zero: the gateway
 * then bills from its own measure (the upload's duration, the input's characters).
 */
export interface AudioUsage {
  /** Seconds of audio billed by the provider (transcription in, or speech out). */
  seconds?: number;
  /** Characters of speech input billed. */
  characters?: number;
  /** Token counts, for token-billed models. */
  inputTokens?: number;
  inputAudioTokens?: number;
  inputTextTokens?: number;
  outputTokens?: number;
}

export interface Transcription {
  text: string;
  /** The language heard (as the provider names it). */
  language?: string;
  /** The audio's duration in seconds, as the provider measured it. */
  durationSeconds?: number;
  segments?: TranscriptSegment[];
  words?: TranscriptWord[];
  usage?: AudioUsage;
}

/** An event of a streamed transcription: text deltas, then exactly one `done`, last. */
export type TranscriptionEvent = { type: 'delta'; text: string } | { type: 'done'; transcription: Transcription };

export interface SpeechRequest {
  /** The provider's model name. */
  model: string;
  /** The text to speak. */
  input: string;
  /** A voice id the plugin declared (after the deployment's voice map, if any), or a custom voice's id. */
  voice: string;
  /** `voice` is the id of a custom voice (the plugin declared `customVoices`). */
  customVoice?: boolean;
  /** How to speak (tone, pace), for models that take instructions. */
  instructions?: string;
  /** The format to produce; one the plugin declared in `outputFormats`. */
  format: SpeechOutputFormat;
  /** 0.25 to 4, default 1. */
  speed?: number;
}

export interface SpeechAudio {
  /** The content type of `body`, e.g. `audio/mpeg`. */
  contentType: string;
  format: SpeechOutputFormat;
  /** The audio as it arrives from the provider; iterate once. Failures are ProviderErrors. */
  body: AsyncIterable<Uint8Array>;
  /** The usage, when the provider reports it; read after `body` has ended. */
  usage?(): AudioUsage | undefined;
}

/**
 * One client per configured provider. Each method exists when its capability is declared; each
 * throws `ProviderError` on failure. Streams fail with phase `before-output` until their first item
 * was yielded, `mid-stream` after (`withStreamPhase` does this).
 */
export interface AudioClient {
  transcribe?(request: TranscriptionRequest, options: CallOptions): Promise<Transcription>;
  transcribeStream?(request: TranscriptionRequest, options: CallOptions): AsyncIterable<TranscriptionEvent>;
  translate?(request: TranslationRequest, options: CallOptions): Promise<Transcription>;
  /** Resolves once the provider started answering; the bytes then arrive through `body`. */
  speak?(request: SpeechRequest, options: CallOptions): Promise<SpeechAudio>;
  /** The voices the account can use (for health checks and the admin UI). */
  listVoices?(options: CallOptions): Promise<AudioVoice[]>;
  /** A cheap liveness probe; resolves when the provider answers. */
  health?(options: CallOptions): Promise<void>;
  /** Releases resources when the provider is reconfigured or removed. */
  close?(): Promise<void>;
}

export interface AudioPlugin<PluginOptions = Record<string, unknown>> extends PluginBase<PluginOptions>, ProviderAccountFields {
  kind: 'audio';
  /** The provider type id admins choose, shared with the package's other plugins of this account. */
  name: string;
  /** What the provider's audio models can do by default. */
  capabilities: AudioCapabilities;
  /** Per-model refinements of `capabilities`, merged over them field by field. */
  modelCapabilities?(providerModel: string): AudioCapabilities | undefined;
  create(context: ProviderContext<PluginOptions>): AudioClient;
}
