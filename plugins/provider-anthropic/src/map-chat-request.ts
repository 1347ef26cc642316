/**
 * OpenAI chat completion request -> Anthropic Messages request body.
 *
 * `max_tokens` is required by Anthropic: `max_completion_tokens`, else `max_tokens`, else the
 * configured default, else a per-model default. `response_format: json_schema` uses Anthropic's
 * structured outputs (`output_config.format`). Anthropic has no schema-less JSON mode, so
 * `json_object` is approximated with a system instruction (the capability is declared false, so the
 * gateway only sends it when an admin enabled it for a deployment). `reasoning_effort` turns on
 * Claude's thinking (map-reasoning.ts); signed `thinking_blocks` of assistant messages go back.
 */
import { claudeThinkingStyle, type ChatCompletionRequest } from '@conduit/plugin-api';
import type { AnthropicMessagesRequest, AnthropicTextBlock } from './anthropic-api.ts';
import { defaultMaxTokens } from './default-max-tokens.ts';
import { mapMessages } from './map-messages.ts';
import { applyReasoning } from './map-reasoning.ts';
import { mapTools } from './map-tools.ts';
import { badRequest, unsupported } from './request-error.ts';

export interface RequestMappingOptions {
  /** Used when the request sets no limit; falls back to `defaultMaxTokens(model)`. */
  defaultMaxTokens?: number;
  /**
   * Whether `temperature` and `top_p` may be sent. API version 2026-10-21 removed them (a request
   * carrying them is refused), so they are dropped and the model samples with its defaults.
   */
  samplingParameters: boolean;
}

export const jsonObjectInstruction =
  'Respond with a single valid JSON object and nothing else: no prose, no code fences.';

export function mapChatRequest(request: ChatCompletionRequest, options: RequestMappingOptions): AnthropicMessagesRequest {
  if (typeof request.n === 'number' && request.n > 1) {
    throw unsupported('Anthropic returns one choice per request; n > 1 is not supported', 'n');
  }
  if (request.logprobs === true) throw unsupported('Anthropic does not return log probabilities', 'logprobs');
  if (request.functions !== undefined) {
    throw unsupported('Deprecated functions are not supported; use tools', 'functions');
  }

  const { system, messages } = mapMessages(request.messages, { thinkingBlocks: claudeThinkingStyle(request.model) !== 'none' });
  const body: AnthropicMessagesRequest = {
    model: request.model,
    max_tokens: maxTokens(request, options),
    messages,
  };
  if (system !== undefined) body.system = system;

  const stop = typeof request.stop === 'string' ? [request.stop] : request.stop;
  if (stop && stop.length > 0) body.stop_sequences = stop;

  if (options.samplingParameters) {
    // OpenAI allows temperatures up to 2, Anthropic up to 1.
    if (typeof request.temperature === 'number') body.temperature = Math.min(Math.max(request.temperature, 0), 1);
    if (typeof request.top_p === 'number') body.top_p = request.top_p;
  }

  Object.assign(body, mapTools(request));

  const userId = request.user ?? (typeof request.safety_identifier === 'string' ? request.safety_identifier : undefined);
  if (userId) body.metadata = { user_id: userId };

  applyResponseFormat(body, request);
  applyReasoning(body, request);
  return body;
}

function maxTokens(request: ChatCompletionRequest, options: RequestMappingOptions): number {
  const requested = request.max_completion_tokens ?? request.max_tokens;
  if (typeof requested === 'number') {
    if (!Number.isInteger(requested) || requested < 1) {
      throw badRequest('max_tokens must be a positive integer', request.max_completion_tokens != null ? 'max_completion_tokens' : 'max_tokens');
    }
    return requested;
  }
  return options.defaultMaxTokens ?? defaultMaxTokens(request.model);
}

function applyResponseFormat(body: AnthropicMessagesRequest, request: ChatCompletionRequest): void {
  const format = request.response_format;
  if (!format || format.type === 'text') return;
  if (format.type === 'json_schema' && format.json_schema?.schema) {
    body.output_config = { format: { type: 'json_schema', schema: format.json_schema.schema } };
    return;
  }
  if (format.type === 'json_schema' || format.type === 'json_object') {
    const instruction: AnthropicTextBlock = { type: 'text', text: jsonObjectInstruction };
    if (body.system === undefined) body.system = instruction.text;
    else if (typeof body.system === 'string') body.system = [{ type: 'text', text: body.system }, instruction];
    else body.system = [...body.system, instruction];
    return;
  }
  throw unsupported(`response_format '${(format as { type: string }).type}' is not supported by Anthropic`, 'response_format');
}
