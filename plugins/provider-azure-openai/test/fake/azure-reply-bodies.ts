/**
 * Azure OpenAI's wire format for scripted answers: chat completions with content filter results,
 * the stream as Azure sends it (a `prompt_filter_results` chunk first, `usage: null` on every chunk
 * when usage was asked for, the usage chunk last) and Azure's error bodies.
 */
import { splitPieces, type ScriptedFinish, type ScriptedReply, type ScriptedUsage } from '@conduit/plugin-api/conformance';

type Json = Record<string, unknown>;

const safe = { filtered: false, severity: 'safe' };
export const contentFilterResults = { hate: safe, self_harm: safe, sexual: safe, violence: safe };
export const promptFilterResults = [
  {
    prompt_index: 0,
    content_filter_results: { ...contentFilterResults, jailbreak: { filtered: false, detected: false } },
  },
];
const fingerprint = 'fp_b705f0c291';

/** The kit's scripted message, without its `type`. */
export type MessageReply = Omit<Extract<ScriptedReply, { type: 'message' }>, 'type'>;

export function usageBody(usage: ScriptedUsage): Json {
  const cached = usage.cachedInput ?? 0;
  const prompt = usage.input + cached + (usage.cacheWrite ?? 0);
  return {
    completion_tokens: usage.output,
    completion_tokens_details: { accepted_prediction_tokens: 0, audio_tokens: 0, reasoning_tokens: 0, rejected_prediction_tokens: 0 },
    prompt_tokens: prompt,
    prompt_tokens_details: { audio_tokens: 0, cached_tokens: cached },
    total_tokens: prompt + usage.output,
  };
}

function finishFilterResults(finish: ScriptedFinish): Json {
  if (finish !== 'content_filter') return contentFilterResults;
  return { ...contentFilterResults, violence: { filtered: true, severity: 'medium' } };
}

export function chatCompletionBody(reply: MessageReply, id: string, created: number, model: string): Json {
  const message: Json = { content: reply.text ?? null, refusal: null, role: 'assistant' };
  if (reply.toolCalls?.length) {
    message.tool_calls = reply.toolCalls.map((call) => ({
      function: { arguments: call.arguments, name: call.name },
      id: call.id,
      type: 'function',
    }));
  }
  return {
    choices: [
      { content_filter_results: finishFilterResults(reply.finish), finish_reason: reply.finish, index: 0, logprobs: null, message },
    ],
    created,
    id,
    model,
    object: 'chat.completion',
    prompt_filter_results: promptFilterResults,
    system_fingerprint: fingerprint,
    usage: usageBody(reply.usage),
  };
}

export interface StreamShape {
  id: string;
  created: number;
  model: string;
  /** `stream_options.include_usage` was asked for. */
  includeUsage: boolean;
}

export function chatStreamChunks(reply: MessageReply, shape: StreamShape): Json[] {
  const chunks: Json[] = [annotationChunk()];
  const chunk = (delta: Json, finish: string | null = null, filter: Json = contentFilterResults): Json => {
    const out: Json = {
      choices: [{ content_filter_results: filter, delta, finish_reason: finish, index: 0, logprobs: null }],
      created: shape.created,
      id: shape.id,
      model: shape.model,
      object: 'chat.completion.chunk',
      system_fingerprint: fingerprint,
    };
    if (shape.includeUsage) out.usage = null;
    return out;
  };
  chunks.push(chunk({ content: '', refusal: null, role: 'assistant' }, null, {}));
  const pieces = reply.pieces ?? 3;
  for (const piece of splitPieces(reply.text ?? '', pieces)) chunks.push(chunk({ content: piece }));
  (reply.toolCalls ?? []).forEach((call, index) => {
    chunks.push(chunk({ tool_calls: [{ function: { arguments: '', name: call.name }, id: call.id, index, type: 'function' }] }, null, {}));
    for (const piece of splitPieces(call.arguments, pieces)) {
      chunks.push(chunk({ tool_calls: [{ function: { arguments: piece }, index }] }, null, {}));
    }
  });
  chunks.push(chunk({}, reply.finish, reply.finish === 'content_filter' ? finishFilterResults('content_filter') : {}));
  if (shape.includeUsage && !reply.omitStreamUsage) {
    chunks.push({
      choices: [],
      created: shape.created,
      id: shape.id,
      model: shape.model,
      object: 'chat.completion.chunk',
      system_fingerprint: fingerprint,
      usage: usageBody(reply.usage),
    });
  }
  return chunks;
}

/** Azure's first stream chunk: the prompt's filter results, no choices, empty id and model. */
export function annotationChunk(): Json {
  return { choices: [], created: 0, id: '', model: '', object: '', prompt_filter_results: promptFilterResults };
}

export function textChunk(text: string, shape: StreamShape, role: boolean): Json {
  const delta: Json = role ? { content: text, refusal: null, role: 'assistant' } : { content: text };
  return {
    choices: [{ content_filter_results: contentFilterResults, delta, finish_reason: null, index: 0, logprobs: null }],
    created: shape.created,
    id: shape.id,
    model: shape.model,
    object: 'chat.completion.chunk',
    system_fingerprint: fingerprint,
  };
}

/** Azure's error body for a status, as its data plane sends them. */
export function azureErrorBody(status: number, message: string): Json {
  if (status === 401 || status === 429 || status === 404) return { error: { code: String(status), message } };
  if (status >= 500) return { error: { message, type: 'server_error', param: null, code: null } };
  return { error: { message, type: 'invalid_request_error', param: null, code: null } };
}

export const invalidKeyMessage =
  'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.';

/** The 400 Azure answers when its content filter refuses a prompt. */
export function contentFilterErrorBody(): Json {
  return {
    error: {
      message:
        "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry. To learn more about our content filtering policies please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766",
      type: null,
      param: 'prompt',
      code: 'content_filter',
      status: 400,
      innererror: {
        code: 'ResponsibleAIPolicyViolation',
        content_filter_result: { ...contentFilterResults, violence: { filtered: true, severity: 'high' }, jailbreak: { filtered: false, detected: false } },
      },
    },
  };
}
