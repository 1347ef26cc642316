/**
 * The realtime-translator contract (plugin API version 2). Clients speak OpenAI's Realtime protocol
 * (GA) to the gateway over a WebSocket; a translator turns a session of it into its provider's
 * protocol and back: it opens the upstream connection (including any REST call that creates it),
 * translates each client event to the provider, each provider message to OpenAI server events, and
 * reports usage as the session runs so the gateway can bill it while it lasts. The gateway owns the
 * client socket, authentication, routing, limits, billing and logs.
 *
 * A package may export a translator beside a provider plugin of the same name: a configured
 * Provider of that type then serves chat and realtime with one account.
 */
import type { PluginBase, ProviderAccountFields } from './plugin-base.ts';
import type { CallOptions, ProviderContext } from './provider-plugin.ts';
import type { ProviderError } from './provider-error.ts';

/** A client event of OpenAI's Realtime protocol (`session.update`, `input_audio_buffer.append`…), parsed. */
export interface RealtimeClientEvent {
  type: string;
  /** The client's id for the event; error events about it name it. */
  event_id?: string;
  [field: string]: unknown;
}

/** A server event of OpenAI's Realtime protocol (`session.created`, `response.output_audio.delta`…). */
export interface RealtimeServerEvent {
  type: string;
  event_id?: string;
  [field: string]: unknown;
}

/** Audio formats of the Realtime protocol: PCM 16-bit mono at a rate, or G.711. */
export type RealtimeAudioFormat = { type: 'audio/pcm'; rate: number } | { type: 'audio/pcmu' } | { type: 'audio/pcma' };

export interface RealtimeCapabilities {
  /** Formats the translator accepts from the client (it converts them for its provider). */
  inputAudioFormats?: readonly RealtimeAudioFormat[];
  /** Formats it can send to the client. */
  outputAudioFormats?: readonly RealtimeAudioFormat[];
  /** Voices `session.audio.output.voice` may name. */
  voices?: readonly string[];
  /** Function tools in `session.tools`. */
  tools?: boolean;
  /** Text-only output (`output_modalities: ['text']`). */
  textOutput?: boolean;
  /** Transcripts of the user's audio (`conversation.item.input_audio_transcription.*`). */
  inputTranscription?: boolean;
}

export interface RealtimeSessionConfig {
  /** The provider's model name (from the deployment the gateway routed to). */
  model: string;
  /**
   * The session as the client configured it so far, in the GA `session` shape (`instructions`,
   * `audio.input`, `audio.output`, `tools`…), to apply when connecting.
   */
  session: Readonly<Record<string, unknown>>;
}

/** What a session accrued since its previous report: the gateway adds the reports up. */
export interface RealtimeUsage {
  inputAudioSeconds?: number;
  outputAudioSeconds?: number;
  inputTextTokens?: number;
  inputAudioTokens?: number;
  /** Input tokens served from the provider's cache, included in the two above. */
  cachedInputTokens?: number;
  outputTextTokens?: number;
  outputAudioTokens?: number;
  /**
   * Session time the provider bills, for providers priced per minute (Ultravox, ElevenLabs
   * Agents), already rounded the provider's way (Ultravox: per started 6 s). Reported as it
   * accrues, so the gateway can settle a long call while it runs.
   */
  billedSeconds?: number;
  /**
   * Usage of the model transcribing the user's audio (`audio.input.transcription`), which the
   * provider bills apart from the session, at that model's price. The gateway prices it with the
   * transcription model's own price and adds it to the session's cost (not to its token counts).
   */
  transcription?: RealtimeTranscriptionUsage;
}

/** What one transcription of the user's audio used (OpenAI: `conversation.item.input_audio_transcription.completed`'s `usage`). */
export interface RealtimeTranscriptionUsage {
  /**
   * The transcription model as the provider names it (`whisper-1`, `gpt-4o-transcribe`): its price
   * bills the usage. Unset when the translator cannot tell; the gateway then logs the usage unpriced.
   */
  model?: string;
  /** For models billed by tokens: audio tokens in (at the model's audio-input token price)… */
  inputAudioTokens?: number;
  /** …text tokens in (a prompt)… */
  inputTextTokens?: number;
  /** …and the transcript's tokens. */
  outputTextTokens?: number;
  /** For models billed by duration (`whisper-1`): seconds of audio transcribed, at the model's per-minute audio price. */
  seconds?: number;
}

/** How a session talks back to the gateway. */
export interface RealtimeSessionEvents {
  /**
   * Sends one OpenAI server event to the client. `json`: the event as JSON text, when the translator
   * has it already (a provider's message passed on unchanged) — sent as it is, so that a large event
   * (audio deltas) is not serialised again.
   */
  send(event: RealtimeServerEvent, json?: string): void;
  /** Reports usage as it accrues (per response, or per elapsed interval for per-minute providers). */
  usage(usage: RealtimeUsage): void;
  /** The upstream ended the session: normally (undefined) or with the error that ended it. */
  closed(error?: ProviderError): void;
}

/** A WebSocket to the provider, opened through the context (the gateway owns sockets, as for HTTP). */
export interface RealtimeUpstreamSocket {
  /** Sends a text (string) or binary (bytes) frame; ignored once the socket is closing. */
  send(data: string | Uint8Array): void;
  /**
   * Text frames as strings, binary frames as bytes; ends when the socket closes. Iterate it once.
   * Frames not yet read are bounded: past a limit the socket stops reading from the provider.
   */
  messages: AsyncIterable<string | Uint8Array>;
  /** Resolves with the close code and reason once the socket closed (1000: normal), either side. */
  closed: Promise<{ code: number; reason: string }>;
  /** Bytes queued to send and not yet written to the network, for backpressure toward the provider. */
  readonly bufferedAmount: number;
  close(code?: number, reason?: string): void;
}

export interface RealtimeTranslatorContext<PluginOptions = Record<string, unknown>> extends ProviderContext<PluginOptions> {
  /**
   * Opens a WebSocket to the provider; rejects with a ProviderError (`connection`, or the code of the
   * handshake's HTTP status: `authentication` for 401…). `createWebSocketOpener()` is the standard
   * implementation the gateway and the conformance kit pass.
   */
  openWebSocket(
    url: string,
    options: { headers?: Record<string, string>; protocols?: readonly string[]; signal: AbortSignal },
  ): Promise<RealtimeUpstreamSocket>;
}

/** One client session, translated. */
export interface RealtimeTranslatorSession {
  /**
   * Translates one client event and sends it on. An event the provider cannot honour is refused
   * with a ProviderError (`unsupported`, naming it); the gateway answers it with an OpenAI error
   * event carrying the event's `event_id`, and never drops it silently. `json`: the client's frame
   * the event was parsed from, for a translator that passes events on unchanged (no second
   * serialisation of a large append).
   */
  handleClientEvent(event: RealtimeClientEvent, json?: string): void | Promise<void>;
  /** Ends the session and the upstream connection; the last usage is reported before it resolves. */
  close(): Promise<void>;
}

/** One client per configured provider. */
export interface RealtimeTranslatorClient {
  /**
   * Opens the upstream session for one client connection. Resolves once the provider accepted it
   * (the gateway fails over to another deployment when it rejects, before the client's first
   * `session.created`); `options.signal` aborts the attempt and, later, the session.
   */
  connect(config: RealtimeSessionConfig, events: RealtimeSessionEvents, options: CallOptions): Promise<RealtimeTranslatorSession>;
  /** Releases resources when the provider is reconfigured or removed. */
  close?(): Promise<void>;
}

export interface RealtimeTranslatorPlugin<PluginOptions = Record<string, unknown>>
  extends PluginBase<PluginOptions>,
    ProviderAccountFields {
  kind: 'realtime-translator';
  /** The provider type id admins choose, shared with the package's other plugins of this account. */
  name: string;
  /** What sessions through this translator can do. */
  capabilities: RealtimeCapabilities;
  create(context: RealtimeTranslatorContext<PluginOptions>): RealtimeTranslatorClient;
}
