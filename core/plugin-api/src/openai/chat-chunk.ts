/**
 * OpenAI's `chat.completion.chunk`, the unit of every provider plugin's stream.
 *
 * What the gateway relies on (the conformance kit checks it):
 * - the first chunk of each choice carries `delta.role: 'assistant'`;
 * - a tool call's first delta carries `index`, `id`, `type: 'function'` and `function.name`; later deltas
 *   for the same call carry the same `index` and the next piece of `function.arguments` only;
 * - the last content chunk of a choice carries its `finish_reason`;
 * - usage, when the provider reports it, arrives once, on a final chunk with `choices: []`. A plugin
 *   always emits it when it can; the gateway strips it when the client did not ask for it.
 */
import type { FinishReason, Usage } from './chat-response.ts';

export interface ToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function?: { name?: string; arguments?: string };
}

export interface ChatCompletionDelta {
  role?: 'assistant';
  content?: string | null;
  refusal?: string | null;
  tool_calls?: ToolCallDelta[];
  function_call?: { name?: string; arguments?: string };
  /** Extension: the next piece of the model's reasoning (see `ChatCompletionMessage.reasoning_content`). */
  reasoning_content?: string | null;
  [extra: string]: unknown;
}

export interface ChatCompletionChunkChoice {
  index: number;
  delta: ChatCompletionDelta;
  finish_reason: FinishReason | null;
  logprobs?: unknown | null;
}

export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: ChatCompletionChunkChoice[];
  usage?: Usage | null;
  system_fingerprint?: string | null;
  service_tier?: string | null;
  [extra: string]: unknown;
}
