/**
 * Acme AI's wire format (`POST {baseUrl}/v2/generate`), as its API reference describes it. Acme is
 * fictional; its format is deliberately unlike OpenAI's so that this example shows every mapping a
 * real provider needs: its own message shape, its own stream events (NDJSON, not SSE) and its own
 * error body.
 */
import type { JsonSchema } from '@conduit/plugin-api';

export type AcmeSpeaker = 'human' | 'model' | 'tool';

export type AcmePart =
  | { type: 'text'; text: string }
  /** An image by URL, or inline as base64 `data` with its `media_type`. */
  | { type: 'image'; url: string }
  | { type: 'image'; data: string; media_type: string }
  | { type: 'tool_call'; call_id: string; tool: string; input: unknown }
  | { type: 'tool_result'; call_id: string; output: string };

export interface AcmePromptMessage {
  speaker: AcmeSpeaker;
  parts: AcmePart[];
}

export interface AcmeTool {
  name: string;
  summary?: string;
  input_schema?: JsonSchema;
}

export type AcmeToolMode = { type: 'auto' } | { type: 'none' } | { type: 'any' } | { type: 'tool'; name: string };

export interface AcmeGenerateRequest {
  model: string;
  /** System instructions, apart from the conversation. */
  instructions?: string;
  prompt_messages: AcmePromptMessage[];
  max_new_tokens?: number;
  sampling?: { temperature?: number; top_p?: number };
  stop_sequences?: string[];
  tools?: AcmeTool[];
  tool_mode?: AcmeToolMode;
  /** Absent: free text. `json` without a schema: any JSON object. */
  output_format?: { type: 'json'; schema?: JsonSchema };
  stream?: boolean;
}

export type AcmeStopReason = 'end_turn' | 'stop_sequence' | 'max_new_tokens' | 'tool_call' | 'safety';

/** `prompt` excludes the tokens read from Acme's prompt cache, which come apart in `prompt_cached`. */
export interface AcmeTokenCounts {
  prompt: number;
  prompt_cached?: number;
  generated: number;
}

export interface AcmeGeneration {
  id: string;
  object: 'generation';
  model: string;
  /** ISO 8601. */
  created_at: string;
  output: AcmePart[];
  stop_reason: AcmeStopReason;
  token_counts: AcmeTokenCounts;
}

/** Acme's error body, on every non-2xx answer and in the stream's `error` event. */
export interface AcmeFailure {
  /** e.g. `invalid_api_key`, `rate_limited`, `context_overflow`, `safety_block`, `overloaded`. */
  reason: string;
  detail: string;
  trace_id?: string;
}

/** One line of a `stream: true` answer (`application/x-ndjson`). */
export type AcmeStreamEvent =
  | { type: 'generation.start'; id: string; model: string; created_at: string }
  | { type: 'text.delta'; text: string }
  | { type: 'tool_call.start'; call_index: number; call_id: string; tool: string }
  | { type: 'tool_call.delta'; call_index: number; input_json: string }
  /** `token_counts` may be missing when Acme could not count (e.g. a cancelled generation). */
  | { type: 'generation.end'; stop_reason: AcmeStopReason; token_counts?: AcmeTokenCounts }
  | { type: 'ping' }
  | { type: 'error'; failure: AcmeFailure };
