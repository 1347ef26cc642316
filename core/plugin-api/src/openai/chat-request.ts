/**
 * OpenAI's Chat Completions request, the canonical request every provider plugin receives.
 * Field names and shapes follow the official OpenAI spec. Fields the gateway does not know are kept
 * (index signature) so that an OpenAI-compatible upstream receives them untouched.
 */
import type { JsonSchema } from '../json-schema.ts';
import type { ThinkingBlock } from './thinking-block.ts';

export type ChatRole = 'system' | 'developer' | 'user' | 'assistant' | 'tool' | 'function';

export interface TextContentPart { type: 'text'; text: string }
export interface ImageContentPart {
  type: 'image_url';
  /** `url` is an http(s) URL or a `data:<mime>;base64,<data>` URL. */
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' };
}
export interface InputAudioContentPart {
  type: 'input_audio';
  input_audio: { data: string; format: 'wav' | 'mp3' | (string & {}) };
}
export interface FileContentPart {
  type: 'file';
  file: { file_data?: string; file_id?: string; filename?: string };
}
export interface RefusalContentPart { type: 'refusal'; refusal: string }

export type UserContentPart = TextContentPart | ImageContentPart | InputAudioContentPart | FileContentPart;
export type AssistantContentPart = TextContentPart | RefusalContentPart;

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; /** JSON text, as the model produced it. */ arguments: string };
}

export interface SystemMessage { role: 'system'; content: string | TextContentPart[]; name?: string }
export interface DeveloperMessage { role: 'developer'; content: string | TextContentPart[]; name?: string }
export interface UserMessage { role: 'user'; content: string | UserContentPart[]; name?: string }
export interface AssistantMessage {
  role: 'assistant';
  content?: string | AssistantContentPart[] | null;
  refusal?: string | null;
  name?: string;
  tool_calls?: ToolCall[];
  /** Deprecated by OpenAI, still accepted. */
  function_call?: { name: string; arguments: string } | null;
  audio?: { id: string } | null;
  /** Extension: the reasoning blocks of this turn as an answer returned them (see ThinkingBlock). */
  thinking_blocks?: ThinkingBlock[];
}
export interface ToolMessage { role: 'tool'; content: string | TextContentPart[]; tool_call_id: string }
/** Deprecated by OpenAI, still accepted. */
export interface FunctionMessage { role: 'function'; content: string | null; name: string }

export type ChatMessage =
  | SystemMessage
  | DeveloperMessage
  | UserMessage
  | AssistantMessage
  | ToolMessage
  | FunctionMessage;

export interface FunctionDefinition {
  name: string;
  description?: string;
  parameters?: JsonSchema;
  strict?: boolean | null;
}
export interface FunctionTool { type: 'function'; function: FunctionDefinition }

export type ToolChoice =
  | 'none'
  | 'auto'
  | 'required'
  | { type: 'function'; function: { name: string } };

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | {
      type: 'json_schema';
      json_schema: { name: string; description?: string; schema?: JsonSchema; strict?: boolean | null };
    };

export interface StreamOptions { include_usage?: boolean; [key: string]: unknown }

export interface ChatCompletionRequest {
  model: string;
  messages: ChatMessage[];
  stream?: boolean | null;
  stream_options?: StreamOptions | null;
  temperature?: number | null;
  top_p?: number | null;
  n?: number | null;
  stop?: string | string[] | null;
  /** Deprecated by OpenAI in favour of `max_completion_tokens`; both are accepted. */
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  presence_penalty?: number | null;
  frequency_penalty?: number | null;
  logit_bias?: Record<string, number> | null;
  logprobs?: boolean | null;
  top_logprobs?: number | null;
  user?: string;
  seed?: number | null;
  tools?: FunctionTool[];
  tool_choice?: ToolChoice;
  parallel_tool_calls?: boolean;
  response_format?: ResponseFormat;
  reasoning_effort?: 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' | 'max' | (string & {}) | null;
  metadata?: Record<string, string> | null;
  [extra: string]: unknown;
}
