/**
 * The checks Mistral applies before it answers, as far as the fake mimics them: unknown fields are
 * refused (422 `extra_forbidden`, Mistral validates with `extra="forbid"`), tool call ids must be
 * nine characters of [a-zA-Z0-9] (400), and tool choice must be one Mistral knows.
 */
import { validationErrorBody } from './build-mistral-replies.ts';

type Json = Record<string, unknown>;

export interface Refusal {
  status: number;
  body: Json;
}

const chatFields = new Set([
  'model', 'temperature', 'top_p', 'max_tokens', 'stream', 'stop', 'random_seed', 'metadata', 'messages', 'response_format',
  'tools', 'tool_choice', 'presence_penalty', 'frequency_penalty', 'n', 'prediction', 'parallel_tool_calls', 'reasoning_effort',
  'prompt_mode', 'guardrails', 'prompt_cache_key', 'service_tier', 'safe_prompt',
]);
const messageFields: Record<string, Set<string>> = {
  system: new Set(['role', 'content']),
  user: new Set(['role', 'content']),
  assistant: new Set(['role', 'content', 'tool_calls', 'prefix']),
  tool: new Set(['role', 'content', 'tool_call_id', 'name']),
};
const embeddingFields = new Set(['model', 'input', 'metadata', 'output_dimension', 'output_dtype', 'encoding_format']);
const toolChoices = new Set(['auto', 'none', 'any', 'required']);
const toolCallId = /^[a-zA-Z0-9]{9}$/;

export function validateChatRequest(body: Json): Refusal | undefined {
  const extra: Json[] = [];
  for (const [field, value] of Object.entries(body)) {
    if (!chatFields.has(field)) extra.push(forbidden(['body', field], value));
  }
  const messages = Array.isArray(body.messages) ? body.messages : [];
  messages.forEach((message: Json, index) => {
    const allowed = messageFields[String(message?.role)];
    if (!allowed) return;
    for (const [field, value] of Object.entries(message)) {
      if (!allowed.has(field)) extra.push(forbidden(['body', 'messages', index, String(message.role), field], value));
    }
  });
  if (extra.length > 0) return { status: 422, body: validationErrorBody(extra) };
  if (typeof body.model !== 'string' || messages.length === 0) {
    return { status: 422, body: validationErrorBody([{ type: 'missing', loc: ['body', typeof body.model !== 'string' ? 'model' : 'messages'], msg: 'Field required', input: body }]) };
  }
  for (const message of messages as Json[]) {
    const ids = [
      ...(Array.isArray(message.tool_calls) ? (message.tool_calls as Json[]).map((call) => call.id) : []),
      ...(message.role === 'tool' ? [message.tool_call_id] : []),
    ];
    const bad = ids.find((id) => typeof id !== 'string' || !toolCallId.test(id));
    if (bad !== undefined) {
      return {
        status: 400,
        body: {
          object: 'error',
          message: `Tool call id was ${String(bad)} but must be a-z, A-Z, 0-9, with a length of 9.`,
          type: 'invalid_request_error',
          param: null,
          code: '3280',
        },
      };
    }
  }
  const choice = body.tool_choice;
  if (choice !== undefined && typeof choice === 'string' && !toolChoices.has(choice)) {
    return { status: 422, body: validationErrorBody([{ type: 'enum', loc: ['body', 'tool_choice'], msg: "Input should be 'auto', 'none', 'any' or 'required'", input: choice }]) };
  }
  return undefined;
}

export function validateEmbeddingsRequest(body: Json): Refusal | undefined {
  const extra = Object.entries(body)
    .filter(([field]) => !embeddingFields.has(field))
    .map(([field, value]) => forbidden(['body', field], value));
  if (extra.length > 0) return { status: 422, body: validationErrorBody(extra) };
  if (typeof body.model !== 'string' || body.input === undefined) {
    return { status: 422, body: validationErrorBody([{ type: 'missing', loc: ['body', 'input'], msg: 'Field required', input: body }]) };
  }
  return undefined;
}

function forbidden(loc: unknown[], input: unknown): Json {
  return { type: 'extra_forbidden', loc, msg: 'Extra inputs are not permitted', input };
}
