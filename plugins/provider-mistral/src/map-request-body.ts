/**
 * The last adjustment of an OpenAI body before it goes to Mistral. Mistral validates strictly and
 * answers 422 `extra_forbidden` for any field it does not know, so the body is rebuilt from the
 * fields Mistral accepts rather than copied: `seed` -> `random_seed`, `max_completion_tokens` ->
 * `max_tokens`, tool choice `required` -> `any`, `dimensions` -> `output_dimension`. Dropped:
 * `stream_options` (Mistral always reports stream usage), `logprobs`, `top_logprobs`, `logit_bias`,
 * `user`, `store`, `metadata`, `modalities`, `audio`, `functions`, and any other OpenAI-only field.
 */
import type {
  ChatCompletionRequest,
  EmbeddingRequest,
  FunctionTool,
  OpenAIEndpoint,
  ResponseFormat,
  ToolChoice,
} from '@conduit/plugin-api';
import { mapMessages } from './map-messages.ts';
import { unsupported } from './unsupported.ts';

/** Mistral-only fields a caller may send on purpose; passed through untouched. */
const mistralExtras = ['safe_prompt', 'prompt_mode', 'random_seed', 'guardrails', 'prompt_cache_key'] as const;
/** Mistral's own service tiers; OpenAI's (`default`, `flex`, `priority`, …) mean nothing to it. */
const mistralServiceTiers = new Set(['auto', 'standard_only']);

export function mapRequestBody(endpoint: OpenAIEndpoint, body: Record<string, unknown>): Record<string, unknown> {
  if (endpoint === 'chat/completions') return mapChatBody(body as ChatCompletionRequest);
  if (endpoint === 'embeddings') return mapEmbeddingsBody(body as EmbeddingRequest);
  return body;
}

function mapChatBody(request: ChatCompletionRequest): Record<string, unknown> {
  const out: Record<string, unknown> = {
    model: request.model,
    messages: mapMessages(request.messages),
    stream: request.stream === true,
  };
  copyNumber(request, out, 'temperature');
  copyNumber(request, out, 'top_p');
  copyNumber(request, out, 'presence_penalty');
  copyNumber(request, out, 'frequency_penalty');
  copyNumber(request, out, 'n');
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (typeof maxTokens === 'number') out.max_tokens = maxTokens;
  if (typeof request.seed === 'number') out.random_seed = request.seed;
  if (request.stop !== undefined && request.stop !== null) out.stop = request.stop;
  if (request.tools && request.tools.length > 0) {
    out.tools = request.tools.map(mapTool);
    const choice = mapToolChoice(request.tool_choice);
    if (choice !== undefined) out.tool_choice = choice;
    if (typeof request.parallel_tool_calls === 'boolean') out.parallel_tool_calls = request.parallel_tool_calls;
  }
  const format = mapResponseFormat(request.response_format);
  if (format) out.response_format = format;
  const prediction = mapPrediction(request.prediction);
  if (prediction) out.prediction = prediction;
  if (typeof request.reasoning_effort === 'string') out.reasoning_effort = request.reasoning_effort;
  if (typeof request.service_tier === 'string' && mistralServiceTiers.has(request.service_tier)) {
    out.service_tier = request.service_tier;
  }
  for (const field of mistralExtras) if (request[field] !== undefined) out[field] = request[field];
  return out;
}

function copyNumber(request: ChatCompletionRequest, out: Record<string, unknown>, field: string): void {
  if (typeof request[field] === 'number') out[field] = request[field];
}

function mapTool(tool: FunctionTool): Record<string, unknown> {
  const fn: Record<string, unknown> = {
    name: tool.function.name,
    parameters: tool.function.parameters ?? { type: 'object', properties: {} },
  };
  if (tool.function.description) fn.description = tool.function.description;
  if (typeof tool.function.strict === 'boolean') fn.strict = tool.function.strict;
  return { type: 'function', function: fn };
}

function mapToolChoice(choice: ToolChoice | undefined): ToolChoice | 'any' | undefined {
  if (choice === 'required') return 'any';
  if (typeof choice === 'object' && choice !== null) return { type: 'function', function: { name: choice.function.name } };
  return choice;
}

function mapResponseFormat(format: ResponseFormat | undefined): Record<string, unknown> | undefined {
  if (!format) return undefined;
  if (format.type !== 'json_schema') return { type: format.type };
  const { name, description, schema, strict } = format.json_schema;
  if (!schema) return { type: 'json_object' };
  const jsonSchema: Record<string, unknown> = { name, schema };
  if (description) jsonSchema.description = description;
  if (typeof strict === 'boolean') jsonSchema.strict = strict;
  return { type: 'json_schema', json_schema: jsonSchema };
}

/** OpenAI allows text parts in a prediction; Mistral takes one string. */
function mapPrediction(prediction: unknown): Record<string, unknown> | undefined {
  if (!prediction || typeof prediction !== 'object') return undefined;
  const content = (prediction as { content?: unknown }).content;
  if (typeof content === 'string') return { type: 'content', content };
  if (Array.isArray(content)) {
    const text = content.map((part) => (typeof part?.text === 'string' ? part.text : '')).join('');
    return { type: 'content', content: text };
  }
  return undefined;
}

function mapEmbeddingsBody(request: EmbeddingRequest): Record<string, unknown> {
  const input = request.input;
  if (typeof input !== 'string' && !input.every((item) => typeof item === 'string')) {
    throw unsupported('Mistral embeds text only; token arrays are not accepted', 'input');
  }
  const out: Record<string, unknown> = { model: request.model, input };
  if (request.encoding_format === 'float' || request.encoding_format === 'base64') out.encoding_format = request.encoding_format;
  if (typeof request.dimensions === 'number') out.output_dimension = request.dimensions;
  if (typeof request.output_dtype === 'string') out.output_dtype = request.output_dtype;
  return out;
}
