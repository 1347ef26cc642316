/**
 * An endpoint is a declaration: how to read its input, what a deployment must be able to do to serve
 * it, the worst case the admission reserves for, how the plugin is called and how its answer reaches
 * the client. The pipeline (run-endpoint.ts) runs the stages every endpoint shares — authenticate,
 * IP filter, plan routes, admit, call or relay through the router, settle, log — in one place, so a
 * new endpoint is a new declaration plus its codec, never a copy of the sequence.
 */
import type { CallOptions, CapabilityName, Usage } from '@conduit/plugin-api';
import type { AuthenticatedKey } from '../engine/keys/virtual-key-cache.ts';
import type { AudioMeasure } from '../domain/audio-measure.ts';
import type { RunSlots } from '../engine/limits/run-slots.ts';
import type { FitRoute, RouteHints } from '../engine/routing/plan-routes.ts';
import type { ConfigSnapshot, DeploymentRoute } from '../engine/state/config-snapshot.ts';
import type { Prompt } from '../engine/usage/prompt.ts';
import type { Exchange } from './exchange.ts';
import type { StreamChunk } from './http/stream-chunk-json.ts';

/** What a request may do, as virtual keys grant it (issue 16 pins the names). */
export type EndpointPermission = 'CHAT' | 'EMBEDDINGS' | 'IMAGES' | 'AUDIO_TRANSCRIPTION' | 'AUDIO_TRANSLATION' | 'AUDIO_SPEECH' | 'REALTIME' | 'MODERATIONS';

/** What parsing an input needs to know, and the instance's limits an input is served under. */
export interface InputLimits {
  bodyLimitBytes: number;
  /** The largest audio upload; a larger one is a 413. */
  audioFileLimitBytes: number;
  /** ffmpeg runs for speech the deployments cannot produce in the requested format. */
  transcoding: RunSlots;
}

/** The worst case of a request, which the admission reserves before any provider is called. */
export interface UsageEstimate {
  /** The prompt, whose tokens are counted when a limit needs them (with its images and audio, see Prompt). */
  prompt: Prompt;
  /** The most output tokens the request allows, when it says (`max_tokens`). */
  maxOutputTokens: number | undefined;
  /** The most audio the request can be billed for (an upload's duration bound, the characters to speak). */
  audio?: AudioMeasure;
  /** The most images the request can produce (`n`), for an endpoint that generates images. */
  images?: number;
}

/** The usage of an answer, and whether it was counted by the gateway rather than reported. */
export interface AnswerUsage {
  usage: Usage;
  estimated: boolean;
  /** The audio billed by the minute or character: the provider's figure when reported, else the gateway's measure. */
  audio?: AudioMeasure;
}

/** The usage of an image answer: the images it holds, and tokens only when the provider reported them (GPT image models). */
export interface ImageAnswerUsage {
  usage: Usage | undefined;
  estimated: false;
  images: number;
}

/** An answer sent as it is rather than as JSON (a transcript as plain text, SRT or WebVTT). */
export interface AnswerBody {
  contentType: string;
  body: string;
}

/** A single answer: the provider is called once per attempt and its answer sent as JSON. */
export interface AnswerDelivery<Input, Answer extends object> {
  kind: 'answer';
  call(route: DeploymentRoute, input: Input, options: CallOptions): Promise<Answer>;
  /** The answer's usage; `prompt` is for counting it when the provider reported none. */
  usage(answer: Answer, route: DeploymentRoute, prompt: Prompt): AnswerUsage | ImageAnswerUsage;
  /** How the answer is sent when not as JSON; returning undefined sends the answer as JSON. */
  render?(answer: Answer, input: Input): AnswerBody | undefined | Promise<AnswerBody | undefined>;
}

/** A body of bytes the provider produces as it goes (speech), as the pipeline relays it. */
export interface OpenedBytes {
  contentType: string;
  /** Headers to add to the response (`x-conduit-transcoded-from`). */
  headers?: Readonly<Record<string, string>>;
  body: AsyncIterable<Uint8Array>;
  /** The usage, read once the body ended (or failed after some bytes). */
  usage(): AnswerUsage;
}

/**
 * Bytes relayed as they arrive (stages/relay-bytes.ts): the response starts with the first chunk, so
 * a deployment that fails before it is replaced by the next; a client that goes away cancels the call.
 */
export interface ByteStreamDelivery<Input> {
  kind: 'byte-stream';
  open(route: DeploymentRoute, input: Input, options: CallOptions): Promise<OpenedBytes>;
}

/** Events the gateway makes from what the provider produces, as the pipeline sends them. */
export interface OpenedEvents {
  /** Headers to add to the response (`x-conduit-transcoded-from`). */
  headers?: Readonly<Record<string, string>>;
  /** Each is sent as one `data:` event, in order. */
  events: AsyncIterable<object>;
  /** The usage, read once the events ended (or failed after some were sent). */
  usage(): AnswerUsage;
}

/**
 * Server-sent events made by the gateway (stages/relay-events.ts) rather than relayed from the
 * upstream's own: speech as `speech.audio.delta`, transcripts as `transcript.text.delta`. Failover
 * before the first event, cancellation on disconnect, an error event after the first.
 */
export interface GatewayEventsDelivery<Input> {
  kind: 'gateway-events';
  open(route: DeploymentRoute, input: Input, options: CallOptions): Promise<OpenedEvents>;
}

/** Server-sent events relayed as they arrive (see stages/relay-stream.ts). */
export interface EventStreamDelivery<Input, Chunk extends StreamChunk> {
  kind: 'event-stream';
  open(route: DeploymentRoute, input: Input, options: CallOptions): AsyncIterable<Chunk>;
  /** Whether a chunk carries output the client must see (text, tool calls, a finish reason). */
  hasOutput(chunk: Chunk): boolean;
  /** The text a chunk delivers, for estimating usage when the provider reports none. */
  outputText(chunk: Chunk): string;
  /** The keys whose string values are the output text, for events relayed as raw text. */
  outputKeys?: readonly string[];
  /** Whether the client asked for the usage chunk (`stream_options.include_usage`). */
  includeUsage(input: Input): boolean;
}

/** An answer the gateway gives itself, without a provider (the model list). */
export interface LocalDelivery<Input> {
  kind: 'local';
  answer(input: Input, key: AuthenticatedKey, snapshot: ConfigSnapshot): object | Promise<object>;
}

export type Delivery<Input> =
  | AnswerDelivery<Input, object>
  | EventStreamDelivery<Input, StreamChunk>
  | ByteStreamDelivery<Input>
  | GatewayEventsDelivery<Input>
  | LocalDelivery<Input>;

/** What a routed request is: which model, whether it streams, what serving it needs. */
export interface RoutedRequest {
  model: string;
  stream: boolean;
  /** The capabilities a deployment needs to serve it. */
  capabilities: readonly CapabilityName[];
  estimate: UsageEstimate;
  hints?: RouteHints;
  /** How each deployment fits the request beyond its capability flags (see engine/routing/plan-routes.ts). */
  fit?: FitRoute;
}

/**
 * How an endpoint's answers are cached (engine/cache/response-cache.ts): complete successful answers,
 * replayed to later identical requests for models whose deployments set a cache TTL.
 */
export interface CachePolicy<Input> {
  /**
   * What of the input decides the answer, hashed with the endpoint and public model into the cache
   * key: the whole request but its metadata (`user` and the like). Whether it streams belongs to it:
   * a stream is replayed as the events it was sent as, a JSON answer as its JSON.
   */
  requestKey(input: Input): unknown;
}

export interface Endpoint<Input = unknown> {
  /** The name requests are logged under (`chat/completions`). */
  readonly name: string;
  /** What the key must be allowed to do. */
  readonly permission?: EndpointPermission;
  /** Reads and validates the input; throws a 400 or 413 GatewayError. `key`: the key the request was authenticated with. */
  parse(exchange: Exchange, limits: InputLimits, key: AuthenticatedKey): Promise<Input>;
  /** For a request served by a provider: what to route and admit. Absent for local answers. */
  route?(input: Input): RoutedRequest;
  /** How the answer is made and delivered (a stream or a single answer, as the input asks). */
  delivery(input: Input): Delivery<Input>;
  /** Present when answers may be served from the response cache (`answer` and `event-stream` deliveries). */
  readonly cache?: CachePolicy<Input>;
}

/** Declares an endpoint; only ties the input and answer types together at compile time. */
export function defineEndpoint<Input>(endpoint: Endpoint<Input>): Endpoint<Input> {
  return endpoint;
}

/** Declares how an answer is delivered, keeping its answer type for `usage`. */
export function answerDelivery<Input, Answer extends object>(delivery: AnswerDelivery<Input, Answer>): Delivery<Input> {
  return delivery as unknown as Delivery<Input>;
}

/** Declares how a stream is relayed, keeping its chunk type for the callbacks. */
export function eventStreamDelivery<Input, Chunk extends StreamChunk>(delivery: EventStreamDelivery<Input, Chunk>): Delivery<Input> {
  return delivery as unknown as Delivery<Input>;
}
