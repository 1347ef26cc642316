/**
 * The gateway's chat completion -> OpenAI's Response object: the reasoning (`reasoning_content`) as
 * a `reasoning` item of raw `reasoning_text` first, the text as one `message` output item, each tool
 * call as a `function_call` item, the usage in the Responses API's names, and the request's
 * settings echoed as the API does (the SDK's types require them).
 */
import type { ChatCompletion, FinishReason, Usage } from '@conduit/plugin-api';
import { randomId } from '../../random-id.ts';
import { encryptedContentOf } from './reasoning-blocks.ts';
import type { OutputItem, ReasoningOutputItem, ResponseObject, ResponseUsage } from './response-object.ts';
import type { ResponsesRequest } from './schemas/responses-request-schema.ts';

/** A Response in progress, with no output yet: the start of a stream, and the base of every answer. */
export function responseShell(request: ResponsesRequest): ResponseObject {
  const tools = (request.tools ?? []).map((tool) => ({
    type: 'function',
    name: tool.name,
    description: tool.description ?? null,
    parameters: tool.parameters ?? null,
    strict: tool.strict ?? true,
  }));
  return {
    id: randomId('resp_', 48),
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status: 'in_progress',
    completed_at: null,
    error: null,
    incomplete_details: null,
    model: request.model,
    output: [],
    usage: null,
    instructions: request.instructions ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    metadata: request.metadata ?? {},
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    previous_response_id: request.previous_response_id ?? null,
    // No summary is written (see the request schema): `summary` says so even when one was asked for.
    reasoning: { effort: request.reasoning?.effort ?? null, summary: null },
    store: request.store !== false,
    temperature: request.temperature ?? 1,
    text: { format: request.text?.format ?? { type: 'text' } },
    tool_choice: request.tool_choice ?? 'auto',
    tools,
    top_p: request.top_p ?? 1,
    truncation: 'disabled',
    user: request.user ?? null,
  };
}

export function toResponseObject(completion: ChatCompletion, usage: Usage, request: ResponsesRequest): ResponseObject {
  const choice = completion.choices[0];
  const message = choice?.message;
  const output: OutputItem[] = [];
  const reasoning = typeof message?.reasoning_content === 'string' ? message.reasoning_content : '';
  const encrypted = encryptedContentOf(message?.thinking_blocks ?? []);
  if (reasoning !== '' || encrypted) {
    const item: ReasoningOutputItem = { type: 'reasoning', id: reasoningItemId(), status: 'completed', summary: [], content: [{ type: 'reasoning_text', text: reasoning }] };
    if (encrypted) item.encrypted_content = encrypted;
    output.push(item);
  }
  const text = (message?.content ?? '') + (message?.refusal ?? '');
  if (text !== '' || !message?.tool_calls?.length) {
    output.push({ type: 'message', id: randomId('msg_', 48), status: 'completed', role: 'assistant', content: [{ type: 'output_text', text, annotations: [], logprobs: [] }] });
  }
  for (const call of message?.tool_calls ?? []) {
    output.push({ type: 'function_call', id: randomId('fc_', 48), status: 'completed', call_id: callId(call.id), name: call.function.name, arguments: call.function.arguments });
  }
  const last = output.at(-1);
  if (last && choice?.finish_reason === 'length') last.status = 'incomplete';
  return finished(responseShell(request), output, usage, choice?.finish_reason);
}

/** The Response once its output is complete: `incomplete` when the output limit or a content filter cut it. */
export function finished(response: ResponseObject, output: OutputItem[], usage: Usage, finishReason: FinishReason | null | undefined): ResponseObject {
  const reason = finishReason === 'length' ? 'max_output_tokens' : finishReason === 'content_filter' ? 'content_filter' : undefined;
  return {
    ...response,
    status: reason ? 'incomplete' : 'completed',
    completed_at: Math.floor(Date.now() / 1000),
    incomplete_details: reason ? { reason } : null,
    output,
    usage: toResponseUsage(usage),
  };
}

/** A reasoning item's id, `rs_…` as the API's. */
export function reasoningItemId(): string {
  return randomId('rs_', 48);
}

/** The upstream's tool call id (the client sends it back as `call_id`), else a new one. */
export function callId(upstreamId: string | undefined): string {
  return upstreamId ? upstreamId : randomId('call_');
}

export function toResponseUsage(usage: Usage): ResponseUsage {
  return {
    input_tokens: usage.prompt_tokens,
    input_tokens_details: { cached_tokens: usage.prompt_tokens_details?.cached_tokens ?? 0 },
    output_tokens: usage.completion_tokens,
    output_tokens_details: { reasoning_tokens: usage.completion_tokens_details?.reasoning_tokens ?? 0 },
    total_tokens: usage.total_tokens ?? usage.prompt_tokens + usage.completion_tokens,
  };
}
