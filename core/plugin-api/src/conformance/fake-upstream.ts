/**
 * What the conformance kit needs from a plugin's fake upstream: a real local HTTP server that speaks
 * the provider's wire format, can be told in provider-neutral terms what to answer next, and can
 * report in provider-neutral terms what it received. A plugin author writes one fake per provider;
 * the same fake serves the plugin's own tests, the kit, and the gateway's end-to-end tests.
 */
import type { JsonSchema } from '../json-schema.ts';

/** A usage count as the fake should report it, in provider-neutral terms. */
export interface ScriptedUsage {
  /** Prompt tokens not read from or written to a cache. */
  input: number;
  output: number;
  /** Prompt tokens read from the provider's cache (if the provider reports them). */
  cachedInput?: number;
  /** Prompt tokens written to the provider's cache (if the provider reports them). */
  cacheWrite?: number;
  /** Of `cacheWrite`, those kept for an hour (if the provider tells them apart). */
  cacheWrite1h?: number;
}

export interface ScriptedToolCall {
  id: string;
  name: string;
  /** JSON text of the arguments. */
  arguments: string;
}

export type ScriptedFinish = 'stop' | 'length' | 'tool_calls' | 'content_filter';

export type ScriptedReply =
  /** A normal answer: JSON for non-stream requests, the provider's stream format for stream requests. */
  | {
      type: 'message';
      text?: string;
      toolCalls?: ScriptedToolCall[];
      finish: ScriptedFinish;
      usage: ScriptedUsage;
      /** Streams: how many pieces the text (and each tool call's arguments) is split into. Default 3. */
      pieces?: number;
      /** Streams: leave usage out of the stream entirely (providers whose streams may lack it). */
      omitStreamUsage?: boolean;
    }
  /** A non-2xx HTTP answer in the provider's error format. */
  | { type: 'http-error'; status: number; message: string; retryAfterSeconds?: number }
  /**
   * A stream that starts (HTTP 200) and then carries the provider's in-stream error event, after the
   * given text was streamed (`''`: before any output).
   */
  | { type: 'stream-error'; textBefore: string; message: string }
  /** Accepts the request and never answers, until the client goes away. */
  | { type: 'hang' }
  /** Embeddings answer: one vector of `dimensions` floats per input. */
  | { type: 'embeddings'; dimensions: number; usage: { input: number } };

/** A request as the provider received it, read back from the provider's wire format. */
export interface ObservedRequest {
  /** The path the request was sent to, with the query string. */
  path: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The raw parsed body. */
  body: unknown;
  /** The model, wherever the provider carries it (body or URL). */
  model: string;
  stream: boolean;
  /** System instructions, joined with `\n` when the provider received several. */
  system?: string;
  messages: ObservedMessage[];
  tools?: Array<{ name: string; description?: string; parameters?: JsonSchema }>;
  toolChoice?: 'auto' | 'none' | 'required' | { name: string };
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stop?: string[];
  /** Set when the provider was asked for JSON output matching this schema. */
  jsonSchema?: JsonSchema;
  /** Set when the provider was asked for JSON output without a schema. */
  jsonObject?: boolean;
  /** Embedding requests: the inputs; moderation requests: their texts. */
  inputs?: string[];
}

export interface ObservedMessage {
  role: 'user' | 'assistant' | 'tool';
  /** The text parts, joined with `\n`. */
  text?: string;
  images?: Array<{ url?: string; base64?: string; mediaType?: string }>;
  toolCalls?: Array<{ id?: string; name: string; arguments: unknown }>;
  toolResults?: Array<{ toolCallId?: string; content: string }>;
}

export interface ConformanceFakeUpstream {
  /** What a provider record pointing at this fake holds. */
  provider: { baseUrl: string; credentials: Record<string, string>; options: Record<string, unknown> };
  /** Queues the answer to the next request; unqueued requests get a short text message. */
  enqueue(reply: ScriptedReply): void;
  /** The most recent request, read back. Throws when none arrived. */
  lastRequest(): ObservedRequest;
  /** All requests received so far. */
  requests(): ObservedRequest[];
  /** Resolves once the client has closed the connection of the most recent request. */
  clientClosed(): Promise<void>;
  close(): Promise<void>;
}
