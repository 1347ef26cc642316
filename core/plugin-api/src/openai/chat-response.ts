/** OpenAI's `chat.completion` object and its usage, the canonical answer of every provider plugin. */
import type { ToolCall } from './chat-request.ts';
import type { ThinkingBlock } from './thinking-block.ts';

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call';

/**
 * Token usage. `total_tokens` is always `prompt_tokens + completion_tokens`.
 * `prompt_tokens` includes cached tokens (OpenAI's convention): a plugin for a provider that reports
 * cache reads and writes separately (Anthropic) adds them in and reports them in the details.
 */
export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: {
    cached_tokens?: number;
    audio_tokens?: number;
    /** Conduit extension: prompt tokens written to the provider's prompt cache (billed differently). */
    cache_write_tokens?: number;
    /**
     * Conduit extension: of `cache_write_tokens`, those written to be kept for an hour (Anthropic's
     * `ephemeral_1h`), which cost more than the default five-minute writes.
     */
    cache_write_1h_tokens?: number;
  };
  completion_tokens_details?: {
    reasoning_tokens?: number;
    audio_tokens?: number;
    accepted_prediction_tokens?: number;
    rejected_prediction_tokens?: number;
  };
}

export interface ChatCompletionMessage {
  role: 'assistant';
  content: string | null;
  refusal?: string | null;
  tool_calls?: ToolCall[];
  function_call?: { name: string; arguments: string } | null;
  annotations?: unknown[];
  audio?: unknown;
  /**
   * Extension (DeepSeek's, vLLM's and OpenRouter's name): the model's reasoning as text, when the
   * provider returns it. The gateway's other ingresses show it in their own shape (a thinking block,
   * a reasoning item).
   */
  reasoning_content?: string | null;
  /**
   * Extension: the reasoning block by block, with the provider's signatures, for a client to send
   * back on this assistant message in the next request (see ThinkingBlock). `reasoning_content` stays
   * the text of the `thinking` blocks joined.
   */
  thinking_blocks?: ThinkingBlock[];
}

export interface ChatCompletionChoice {
  index: number;
  message: ChatCompletionMessage;
  finish_reason: FinishReason | null;
  logprobs: unknown | null;
}

export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: ChatCompletionChoice[];
  usage?: Usage;
  system_fingerprint?: string | null;
  service_tier?: string | null;
  [extra: string]: unknown;
}
