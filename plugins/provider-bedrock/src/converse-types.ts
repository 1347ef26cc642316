/**
 * Bedrock's Converse wire format (API reference: Converse, ConverseStream), the members this plugin
 * sends and reads. Unions are JSON objects with exactly one member set, as Smithy serialises them.
 */
import type { JsonSchema } from '@conduit/plugin-api';

export type ConverseImageFormat = 'png' | 'jpeg' | 'gif' | 'webp';

export type ConverseContentBlock =
  | { text: string }
  | { image: { format: ConverseImageFormat; source: { bytes: string } } }
  /** `type: 'server_tool_use'`: a system tool Bedrock ran itself, not a call for the client. */
  | { toolUse: { toolUseId: string; name: string; input: unknown; type?: 'server_tool_use' | (string & {}) } }
  | {
      toolResult: {
        toolUseId: string;
        content: Array<{ text: string } | { json: unknown }>;
        status?: 'success' | 'error';
      };
    }
  | { reasoningContent: { reasoningText?: { text: string; signature?: string }; redactedContent?: string } };

export interface ConverseMessage {
  role: 'user' | 'assistant';
  content: ConverseContentBlock[];
}

export interface ConverseToolSpec {
  toolSpec: { name: string; description?: string; inputSchema: { json: JsonSchema }; strict?: boolean };
}

export type ConverseToolChoice = { auto: Record<string, never> } | { any: Record<string, never> } | { tool: { name: string } };

export interface ConverseRequest {
  messages: ConverseMessage[];
  system?: Array<{ text: string }>;
  inferenceConfig?: { maxTokens?: number; temperature?: number; topP?: number; stopSequences?: string[] };
  toolConfig?: { tools: ConverseToolSpec[]; toolChoice?: ConverseToolChoice };
  outputConfig?: {
    textFormat: {
      type: 'json_schema';
      structure: { jsonSchema: { schema: string; name?: string; description?: string } };
    };
  };
  requestMetadata?: Record<string, string>;
  /** Fields the model takes beyond Converse's: Claude's `thinking` and `output_config`. */
  additionalModelRequestFields?: Record<string, unknown>;
}

export interface ConverseUsage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
}

export type ConverseStopReason =
  | 'end_turn'
  | 'tool_use'
  | 'max_tokens'
  | 'stop_sequence'
  | 'guardrail_intervened'
  | 'content_filtered'
  | 'malformed_model_output'
  | 'malformed_tool_use'
  | 'model_context_window_exceeded'
  | (string & {});

export interface ConverseResponse {
  output: { message?: ConverseMessage };
  stopReason: ConverseStopReason;
  usage?: ConverseUsage;
  metrics?: { latencyMs: number };
}

/** The events of a ConverseStream response, by their `:event-type`. */
export interface ConverseStreamEvents {
  messageStart: { role: 'assistant' };
  contentBlockStart: {
    contentBlockIndex: number;
    start: { toolUse?: { toolUseId: string; name: string; type?: 'server_tool_use' | (string & {}) } };
  };
  contentBlockDelta: {
    contentBlockIndex: number;
    /** One member is set; citation, image and toolResult deltas are not mapped. */
    delta: {
      text?: string;
      toolUse?: { input: string };
      reasoningContent?: { text?: string; signature?: string; redactedContent?: string };
    };
  };
  contentBlockStop: { contentBlockIndex: number };
  messageStop: { stopReason: ConverseStopReason };
  metadata: { usage: ConverseUsage; metrics?: { latencyMs: number } };
}

export type ConverseStreamEvent = {
  [Type in keyof ConverseStreamEvents]: { type: Type; payload: ConverseStreamEvents[Type] };
}[keyof ConverseStreamEvents];
