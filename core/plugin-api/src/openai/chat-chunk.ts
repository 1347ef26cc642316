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
import type { ThinkingBlock } from './thinking-block.ts';

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
  /**
   * Extension: blocks of reasoning completed since the last chunk, each whole (a `thinking` block with
   * its full text and signature, once the provider signed it; a `redacted_thinking` block as it came).
   * The text of a `thinking` block has already streamed as `reasoning_content`; the block repeats it so
   * that a client gets the message's `thinking_blocks` by collecting these arrays in order.
   */
  thinking_blocks?: ThinkingBlock[];
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
