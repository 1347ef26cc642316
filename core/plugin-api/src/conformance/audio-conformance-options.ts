import type { AudioFile, AudioPlugin, SpeechOutputFormat } from '../audio-plugin.ts';

/** An answer an audio fake can be told to give next, in provider-neutral terms. */
export type AudioScriptedReply =
  /** A non-2xx HTTP answer in the provider's error format. */
  | { type: 'http-error'; status: number; message: string; retryAfterSeconds?: number }
  /** Accepts the request and never answers, until the client goes away. */
  | { type: 'hang' };

/**
 * What the audio checks need of a plugin's fake upstream. A plugin with no upstream (local engines)
 * gives a fake with neither `enqueue` nor `clientClosed`: the checks that script the upstream are
 * then skipped, and cancellation is checked by aborting a real call.
 */
export interface AudioConformanceFake {
  provider: { baseUrl: string; credentials: Record<string, string>; options: Record<string, unknown> };
  enqueue?(reply: AudioScriptedReply): void;
  /** Requests received so far (any shape; only counted). */
  requests?(): unknown[];
  /** Resolves once the client has closed the connection of the most recent request. */
  clientClosed?(): Promise<void>;
  close(): Promise<void>;
}

export interface AudioConformanceOptions<PluginOptions = Record<string, unknown>> {
  /** The audio plugin under test (one object, not the array a package may default-export). */
  plugin: AudioPlugin<PluginOptions>;
  /** Starts a fresh fake upstream; one per check, closed afterwards. */
  startFake: () => Promise<AudioConformanceFake>;
  /** The model the transcription checks use; without it they are skipped. */
  transcribeModel?: string;
  /** A fresh upload for each transcription (its body is read once). */
  sampleAudio?: () => AudioFile;
  /** What the transcript of `sampleAudio` must match; default: a non-empty text. */
  expectedText?: RegExp;
  /** The model the speech checks use; without it they are skipped. */
  speakModel?: string;
  /** A voice the plugin declared; default: `capabilities.defaultVoice`, else the first declared voice. */
  voice?: string;
  /** The format asked of `speak`; default: the first declared output format, else `mp3`. */
  speakFormat?: SpeechOutputFormat;
  /** A voice the plugin (or its upstream) must refuse with a non-retryable ProviderError. */
  unknownVoice?: string;
  /** The plugin calls no upstream (local engines): checks that script the fake's answers are skipped. */
  noUpstream?: boolean;
  /** The plugin's `plugins.json` options; passed through `plugin.parseOptions` when it has one. */
  pluginOptions?: unknown;
  /** Names of checks to skip (exact names as printed), each reported with the reason. */
  skip?: string[];
  /** Per-check time limit; default 10 s. */
  timeoutMs?: number;
}
