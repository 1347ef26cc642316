/** OpenAI's legacy Completions API (`/v1/completions`). */
import type { FinishReason, Usage } from './chat-response.ts';
import type { StreamOptions } from './chat-request.ts';

export interface CompletionRequest {
  model: string;
  prompt: string | string[] | number[] | number[][];
  stream?: boolean | null;
  stream_options?: StreamOptions | null;
  max_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  n?: number | null;
  stop?: string | string[] | null;
  suffix?: string | null;
  echo?: boolean | null;
  best_of?: number | null;
  logprobs?: number | null;
  user?: string;
  [extra: string]: unknown;
}

export interface CompletionChoice {
  index: number;
  text: string;
  finish_reason: FinishReason | null;
  logprobs: unknown | null;
}

/** Both the whole answer and each stream chunk (OpenAI uses `text_completion` for both). */
export interface Completion {
  id: string;
  object: 'text_completion';
  created: number;
  model: string;
  choices: CompletionChoice[];
  usage?: Usage | null;
  system_fingerprint?: string;
  [extra: string]: unknown;
}
