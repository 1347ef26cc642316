/**
 * OpenAI's Response object and the events of its stream as the gateway writes them (the shapes of the
 * `openai` SDK's `Response` and `ResponseStreamEvent`, the fields Conduit fills).
 */

export interface OutputText {
  type: 'output_text';
  text: string;
  annotations: never[];
  logprobs?: never[];
}

export interface MessageOutputItem {
  type: 'message';
  id: string;
  status: 'in_progress' | 'completed' | 'incomplete';
  role: 'assistant';
  content: OutputText[];
}

export interface FunctionCallOutputItem {
  type: 'function_call';
  id: string;
  status: 'in_progress' | 'completed' | 'incomplete';
  call_id: string;
  name: string;
  arguments: string;
}

export interface ReasoningText {
  type: 'reasoning_text';
  text: string;
}

/** The model's reasoning as the provider gave it: raw text in `content`, no `summary` (the gateway writes none). */
export interface ReasoningOutputItem {
  type: 'reasoning';
  id: string;
  status: 'in_progress' | 'completed' | 'incomplete';
  summary: never[];
  content: ReasoningText[];
  /** The provider's signed reasoning blocks, for the client to send back (reasoning-blocks.ts). */
  encrypted_content?: string;
}

export type OutputItem = ReasoningOutputItem | MessageOutputItem | FunctionCallOutputItem;

export interface ResponseUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

export type ResponseStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

export interface ResponseObject {
  id: string;
  object: 'response';
  created_at: number;
  status: ResponseStatus;
  completed_at: number | null;
  error: { code: string; message: string } | null;
  incomplete_details: { reason: 'max_output_tokens' | 'content_filter' } | null;
  model: string;
  output: OutputItem[];
  usage: ResponseUsage | null;
  // Echoed from the request, as the API does.
  instructions: string | null;
  max_output_tokens: number | null;
  metadata: Record<string, string>;
  parallel_tool_calls: boolean;
  previous_response_id: string | null;
  reasoning: { effort: string | null; summary: null };
  store: boolean;
  temperature: number;
  text: { format: object };
  tool_choice: object | string;
  tools: object[];
  top_p: number;
  truncation: 'disabled';
  user: string | null;
}

type Sequenced<Event> = Event & { sequence_number: number };

export type ResponseStreamEvent = Sequenced<
  | { type: 'response.created' | 'response.in_progress' | 'response.completed' | 'response.incomplete' | 'response.failed'; response: ResponseObject }
  | { type: 'response.output_item.added' | 'response.output_item.done'; output_index: number; item: OutputItem }
  | { type: 'response.content_part.added' | 'response.content_part.done'; item_id: string; output_index: number; content_index: number; part: OutputText | ReasoningText }
  | { type: 'response.reasoning_text.delta'; item_id: string; output_index: number; content_index: number; delta: string }
  | { type: 'response.reasoning_text.done'; item_id: string; output_index: number; content_index: number; text: string }
  | { type: 'response.output_text.delta'; item_id: string; output_index: number; content_index: number; delta: string; logprobs: never[] }
  | { type: 'response.output_text.done'; item_id: string; output_index: number; content_index: number; text: string; logprobs: never[] }
  | { type: 'response.function_call_arguments.delta'; item_id: string; output_index: number; delta: string }
  | { type: 'response.function_call_arguments.done'; item_id: string; output_index: number; name: string; arguments: string }
>;
