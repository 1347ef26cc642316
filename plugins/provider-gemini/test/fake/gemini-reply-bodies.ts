/**
 * The bodies the fake Gemini answers with, built from the conformance kit's neutral scripted replies
 * in the Gemini Developer API's real shapes: GenerateContentResponse (whole and as stream events),
 * embeddings, the model list and google.rpc.Status error bodies.
 */
import { randomBytes } from 'node:crypto';
import { splitPieces, type ScriptedFinish, type ScriptedReply, type ScriptedUsage } from '@conduit/plugin-api/conformance';

type MessageReply = Extract<ScriptedReply, { type: 'message' }>;
type Json = Record<string, unknown>;

const finishReasons: Record<ScriptedFinish, string> = {
  stop: 'STOP',
  length: 'MAX_TOKENS',
  // Gemini reports STOP when the turn ends with function calls.
  tool_calls: 'STOP',
  content_filter: 'SAFETY',
};

const statusNames: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'NOT_IMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

export function responseId(): string {
  return randomBytes(16).toString('base64url').slice(0, 22);
}

/** A thought signature as thinking models attach to the first function call of a turn. */
export function thoughtSignature(): string {
  return randomBytes(48).toString('base64');
}

export function usageMetadata(usage: ScriptedUsage, final: boolean): Json {
  const prompt = usage.input + (usage.cachedInput ?? 0) + (usage.cacheWrite ?? 0);
  const metadata: Json = { promptTokenCount: prompt };
  if (final) metadata.candidatesTokenCount = usage.output;
  metadata.totalTokenCount = prompt + (final ? usage.output : 0);
  if (usage.cachedInput) {
    metadata.cachedContentTokenCount = usage.cachedInput;
    metadata.cacheTokensDetails = [{ modality: 'TEXT', tokenCount: usage.cachedInput }];
  }
  metadata.promptTokensDetails = [{ modality: 'TEXT', tokenCount: prompt }];
  return metadata;
}

function functionCallParts(reply: MessageReply): Json[] {
  return (reply.toolCalls ?? []).map((call, index) => {
    let args: unknown;
    try {
      args = JSON.parse(call.arguments || '{}');
    } catch {
      args = {};
    }
    const part: Json = { functionCall: { id: call.id, name: call.name, args } };
    if (index === 0) part.thoughtSignature = thoughtSignature();
    return part;
  });
}

function candidate(parts: Json[], finish: ScriptedFinish | undefined): Json {
  const out: Json = { content: { parts, role: 'model' } };
  if (finish) {
    out.finishReason = finishReasons[finish];
    if (finish === 'content_filter') {
      out.safetyRatings = [
        { category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true },
        { category: 'HARM_CATEGORY_HARASSMENT', probability: 'NEGLIGIBLE' },
      ];
    }
  }
  out.index = 0;
  return out;
}

/** The JSON answer of `generateContent`. */
export function generateContentResponse(reply: MessageReply, model: string): Json {
  const parts: Json[] = [];
  if (reply.text) parts.push({ text: reply.text });
  parts.push(...functionCallParts(reply));
  if (parts.length === 0) parts.push({ text: '' });
  return {
    candidates: [candidate(parts, reply.finish)],
    usageMetadata: usageMetadata(reply.usage, true),
    modelVersion: model,
    responseId: responseId(),
  };
}

/**
 * The events of `streamGenerateContent`: the text in `pieces` pieces, then all function calls in one
 * event (Gemini sends each call whole); the last event carries finishReason and the final usage, every
 * earlier one the prompt count so far (unless usage is omitted).
 */
export function streamEvents(reply: MessageReply, model: string): Json[] {
  const id = responseId();
  const pieces = splitPieces(reply.text ?? '', reply.pieces ?? 3);
  const contentEvents: Json[][] = pieces.map((piece) => [{ text: piece }]);
  const calls = functionCallParts(reply);
  if (calls.length > 0) contentEvents.push(calls);
  if (contentEvents.length === 0) contentEvents.push([{ text: '' }]);
  return contentEvents.map((parts, index) => {
    const last = index === contentEvents.length - 1;
    const event: Json = { candidates: [candidate(parts, last ? reply.finish : undefined)] };
    if (!reply.omitStreamUsage) event.usageMetadata = usageMetadata(reply.usage, last);
    event.modelVersion = model;
    event.responseId = id;
    return event;
  });
}

/**
 * What the Gemini API answers (HTTP 200) when the model wrote a function call it cannot parse: an
 * empty `content` object, the finish reason MALFORMED_FUNCTION_CALL and prompt tokens only, as
 * recorded from the API. The same body is the one event of a stream.
 */
export function malformedFunctionCallResponse(model: string): Json {
  return {
    candidates: [{ content: {}, finishReason: 'MALFORMED_FUNCTION_CALL', index: 0 }],
    usageMetadata: { promptTokenCount: 42, totalTokenCount: 42, promptTokensDetails: [{ modality: 'TEXT', tokenCount: 42 }] },
    modelVersion: model,
    responseId: responseId(),
  };
}

export function textEvent(text: string, model: string): Json {
  return {
    candidates: [candidate([{ text }], undefined)],
    usageMetadata: { promptTokenCount: 8, totalTokenCount: 8 },
    modelVersion: model,
    responseId: responseId(),
  };
}

/** A google.rpc.Status error body; a 429 carries QuotaFailure, Help and RetryInfo details. */
export function errorBody(status: number, message: string, retryAfterSeconds?: number): Json {
  const error: Json = { code: status, message, status: statusNames[status] ?? (status >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT') };
  if (status === 429) {
    const details: Json[] = [
      {
        '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
        violations: [
          {
            quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
            quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
            quotaDimensions: { location: 'global', model: 'gemini-2.5-flash' },
            quotaValue: '10',
          },
        ],
      },
      {
        '@type': 'type.googleapis.com/google.rpc.Help',
        links: [{ description: 'Learn more about Gemini API quotas', url: 'https://ai.google.dev/gemini-api/docs/rate-limits' }],
      },
    ];
    if (retryAfterSeconds !== undefined) {
      details.push({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryAfterSeconds}s` });
    }
    error.details = details;
  }
  return { error };
}

/** What Gemini answers to a wrong API key: a 400, not a 401. */
export function invalidApiKeyBody(): Json {
  const message = 'API key not valid. Please pass a valid API key.';
  return {
    error: {
      code: 400,
      message,
      status: 'INVALID_ARGUMENT',
      details: [
        {
          '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
          reason: 'API_KEY_INVALID',
          domain: 'googleapis.com',
          metadata: { service: 'generativelanguage.googleapis.com' },
        },
        { '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'en-US', message },
      ],
    },
  };
}

/** What Gemini answers to a request without any API key. */
export function missingApiKeyBody(): Json {
  return {
    error: {
      code: 403,
      message:
        "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
      status: 'PERMISSION_DENIED',
    },
  };
}

/** A deterministic pseudo-random unit-ish vector per input, so tests can tell inputs apart. */
export function embeddingValues(text: string, dimensions: number): number[] {
  let seed = 0;
  for (const character of text) seed = (seed * 31 + character.charCodeAt(0)) >>> 0;
  return Array.from({ length: dimensions }, (_, index) => {
    seed = (seed * 1103515245 + 12345 + index) >>> 0;
    return Math.round(((seed / 0xffffffff) * 2 - 1) * 1e6) / 1e6;
  });
}

export function modelEntry(id: string): Json {
  const embedding = /embedding/.test(id);
  return {
    name: `models/${id}`,
    version: '001',
    displayName: id,
    description: `Fake ${id}`,
    inputTokenLimit: embedding ? 2048 : 1048576,
    outputTokenLimit: embedding ? 1 : 65536,
    supportedGenerationMethods: embedding
      ? ['embedContent', 'countTextTokens', 'countTokens', 'asyncBatchEmbedContent']
      : ['generateContent', 'countTokens', 'createCachedContent', 'batchGenerateContent'],
    ...(embedding ? {} : { temperature: 1, topP: 0.95, topK: 64, maxTemperature: 2, thinking: true }),
  };
}
