/**
 * The provider contract. A provider plugin turns OpenAI-shaped requests (the canonical format, see
 * ./openai) into its provider's wire format and the answers back. It is pure translation plus the
 * HTTP call through `context.http`: no routing, retries, caching, billing or logging of requests,
 * which the gateway does the same way for every provider.
 */
import type { Cancellation } from './cancellation.ts';
import type { DeclaredCapabilities } from './capabilities.ts';
import type { HttpClient, HttpTimeouts } from './http-client.ts';
import type { PluginLogger } from './logger.ts';
import type { PluginBase, ProviderAccountFields } from './plugin-base.ts';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionRequest,
  Completion,
  CompletionRequest,
  EmbeddingRequest,
  EmbeddingResponse,
  ImageEditRequest,
  ImageGenerationRequest,
  ImagesResponse,
  ModerationRequest,
  ModerationResponse,
} from './openai/index.ts';

/** Everything a provider client needs, built by the gateway from one configured Provider record. */
export interface ProviderContext<PluginOptions = Record<string, unknown>> {
  /** The configured provider record this client serves. */
  provider: { id: string; name: string; type: string };
  /** The configured base URL, or the plugin's `defaultBaseUrl`; never ends with a slash. */
  baseUrl: string;
  /**
   * Decrypted secrets: `apiKey` plus any field of `credentialsSchema`. Never log them or put them in
   * an error message.
   */
  credentials: Readonly<Record<string, string>>;
  /** The provider record's non-secret settings, validated against `optionsSchema`. */
  options: Readonly<Record<string, unknown>>;
  /** The plugin's options from `plugins.json`. */
  pluginOptions: PluginOptions;
  http: HttpClient;
  logger: PluginLogger;
}

export interface CallOptions {
  /**
   * Aborted when the client disconnects or the gateway gives up; pass it to every HTTP call. This is
   * the public way to cancel, and all a plugin needs.
   */
  signal: AbortSignal;
  /**
   * Unstable, part of `@conduit/plugin-api/internal`: the same cancellation, cheaper to listen to
   * than the signal (reading `signal` makes an AbortSignal, which the gateway otherwise skips). The
   * built-in providers pass `cancellationOf(call)` instead of `signal`; a plugin ignoring this field
   * stays correct.
   */
  cancellation?: Cancellation;
  /** The gateway's request id, for the provider's logs where it accepts one. */
  requestId: string;
  /** Per-deployment timeouts; pass them to `context.http.request`. */
  timeouts?: HttpTimeouts;
}

/** A model as the provider lists it. */
export interface ProviderModel {
  id: string;
  ownedBy?: string;
  created?: number;
  capabilities?: DeclaredCapabilities;
}

/**
 * One client per configured provider. Requests arrive with `model` already set to the provider's
 * model name. Every method throws ProviderError on failure.
 */
export interface ProviderClient {
  chat(request: ChatCompletionRequest, options: CallOptions): Promise<ChatCompletion>;
  /**
   * Streams a chat completion. Errors before the first chunk is yielded are thrown with phase
   * `before-output` (the router may fail over); errors after it with phase `mid-stream`.
   * See ChatCompletionChunk for the guarantees the stream must keep.
   */
  chatStream(request: ChatCompletionRequest, options: CallOptions): AsyncIterable<ChatCompletionChunk>;
  completions?(request: CompletionRequest, options: CallOptions): Promise<Completion>;
  completionsStream?(request: CompletionRequest, options: CallOptions): AsyncIterable<Completion>;
  embeddings?(request: EmbeddingRequest, options: CallOptions): Promise<EmbeddingResponse>;
  images?(request: ImageGenerationRequest, options: CallOptions): Promise<ImagesResponse>;
  /** Edits images (`/v1/images/edits`); a provider with the `images` capability may offer it. */
  imageEdits?(request: ImageEditRequest, options: CallOptions): Promise<ImagesResponse>;
  /** Classifies text and images (`/v1/moderations`); a provider with the `moderations` capability offers it. */
  moderations?(request: ModerationRequest, options: CallOptions): Promise<ModerationResponse>;
  listModels?(options: CallOptions): Promise<ProviderModel[]>;
  /** A cheap liveness probe; resolves when the provider answers. Defaults to `listModels`. */
  health?(options: CallOptions): Promise<void>;
  /** Releases resources when the provider is reconfigured or removed. */
  close?(): Promise<void>;
}

export interface ProviderPlugin<PluginOptions = Record<string, unknown>>
  extends PluginBase<PluginOptions>,
    ProviderAccountFields {
  kind: 'provider';
  /** The provider type id admins choose (`createProvider(input: {type})`); equals `name`. */
  name: string;
  /**
   * What the provider's models can do by default: optional flags, a missing one is false (see
   * `DeclaredCapabilities`).
   */
  capabilities: DeclaredCapabilities;
  /**
   * Per-model refinements of `capabilities` (e.g. an embedding model that cannot chat). `realtime:
   * false` also keeps the type's realtime translator from holding sessions with that model.
   */
  modelCapabilities?(providerModel: string): DeclaredCapabilities | undefined;
  /**
   * Builds the client for one provider. Throws (with a message an admin can act on) when the settings
   * cannot work together beyond what the schemas say, e.g. no endpoint at all: the gateway then
   * refuses to save the provider, or reports the message as a stored provider's `problem`.
   */
  create(context: ProviderContext<PluginOptions>): ProviderClient;
}
