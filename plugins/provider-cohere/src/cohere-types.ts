/**
 * Cohere's v2 wire format (https://docs.cohere.com/reference/chat, /reference/embed), as the official
 * `cohere-ai` SDK serialises it (snake_case). Only the fields the plugin reads or writes are typed.
 */
import type { JsonSchema } from '@conduit/plugin-api';

export interface CohereTextContent { type: 'text'; text: string }
export interface CohereImageContent {
  type: 'image_url';
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' };
}
export interface CohereDocumentContent {
  type: 'document';
  document: { data: Record<string, unknown> | string; id?: string };
}

export interface CohereToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export type CohereMessage =
  | { role: 'system'; content: string | CohereTextContent[] }
  | { role: 'user'; content: string | Array<CohereTextContent | CohereImageContent> }
  | { role: 'assistant'; content?: string | CohereTextContent[]; tool_plan?: string; tool_calls?: CohereToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string | Array<CohereTextContent | CohereDocumentContent> };

export interface CohereTool {
  type: 'function';
  function: { name: string; description?: string; parameters: JsonSchema };
}

export type CohereResponseFormat =
  | { type: 'text' }
  | { type: 'json_object'; json_schema?: JsonSchema };

export interface CohereChatRequest {
  model: string;
  messages: CohereMessage[];
  stream: boolean;
  tools?: CohereTool[];
  strict_tools?: boolean;
  tool_choice?: 'REQUIRED' | 'NONE';
  response_format?: CohereResponseFormat;
  max_tokens?: number;
  stop_sequences?: string[];
  temperature?: number;
  seed?: number;
  frequency_penalty?: number;
  presence_penalty?: number;
  k?: number;
  p?: number;
}

export type CohereFinishReason =
  | 'COMPLETE'
  | 'STOP_SEQUENCE'
  | 'MAX_TOKENS'
  | 'TOOL_CALL'
  | 'ERROR'
  | 'TIMEOUT'
  | (string & {});

export interface CohereUsage {
  billed_units?: { input_tokens?: number | null; output_tokens?: number | null } | null;
  tokens?: { input_tokens?: number | null; output_tokens?: number | null } | null;
  /** Prompt tokens served from Cohere's cache; included in `tokens.input_tokens`. */
  cached_tokens?: number | null;
}

export interface CohereChatResponse {
  id: string;
  finish_reason: CohereFinishReason;
  message: {
    role: 'assistant';
    content?: Array<{ type: 'text'; text: string } | { type: 'thinking'; thinking: string }> | null;
    tool_plan?: string | null;
    tool_calls?: Array<{ id: string; type?: 'function'; function?: { name?: string | null; arguments?: string | null } | null }> | null;
    citations?: unknown[] | null;
  };
  usage?: CohereUsage | null;
}

/** One event of a `/v2/chat` stream; `type` says which fields are set. */
export interface CohereStreamEvent {
  type: string;
  id?: string | null;
  index?: number | null;
  delta?: {
    message?: {
      role?: string;
      content?: { type?: string; text?: string | null; thinking?: string | null } | unknown[] | null;
      tool_plan?: string | null;
      tool_calls?: CohereStreamToolCall | CohereStreamToolCall[] | null;
    } | null;
    finish_reason?: CohereFinishReason | null;
    usage?: CohereUsage | null;
    error?: string | null;
  } | null;
}

export interface CohereStreamToolCall {
  id?: string | null;
  type?: string | null;
  function?: { name?: string | null; arguments?: string | null } | null;
}

export type CohereEmbedInputType = 'search_document' | 'search_query' | 'classification' | 'clustering';

export interface CohereEmbedRequest {
  model: string;
  texts: string[];
  input_type: CohereEmbedInputType;
  embedding_types: ['float'];
  output_dimension?: number;
  truncate?: 'NONE' | 'START' | 'END';
}

export interface CohereEmbedResponse {
  id: string;
  embeddings: { float?: number[][] | null };
  texts?: string[] | null;
  meta?: { billed_units?: { input_tokens?: number | null } | null } | null;
  response_type?: string;
}

/** `GET /v1/models` */
export interface CohereModelList {
  models: Array<{ name?: string | null; endpoints?: string[] | null; features?: string[] | null; context_length?: number | null }>;
  next_page_token?: string | null;
}
