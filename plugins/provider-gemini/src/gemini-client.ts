/**
 * The Gemini ProviderClient: the HTTP calls to `{baseUrl}/v1beta/...` through `context.http`,
 * authenticated with `x-goog-api-key`. Mapping lives in the map-* files.
 */
import {
  jsonRequestBody,
  ProviderError,
  parseSse,
  withStreamPhase,
  type CallOptions,
  type ChatCompletion,
  type ChatCompletionChunk,
  type ChatCompletionRequest,
  type EmbeddingRequest,
  type EmbeddingResponse,
  type HttpResponse,
  type ProviderClient,
  type ProviderContext,
  type ProviderModel,
} from '@conduit/plugin-api';
import { cancellationOf } from '@conduit/plugin-api/internal';
import type {
  GeminiBatchEmbedContentsResponse,
  GeminiEmbedContentResponse,
  GeminiGenerateContentResponse,
  GeminiListModelsResponse,
  GeminiModel,
} from './gemini-api.ts';
import { GeminiStreamMapper } from './gemini-stream-mapper.ts';
import { mapChatRequest } from './map-chat-request.ts';
import { completionId, mapChatResponse } from './map-chat-response.ts';
import { embeddingInputs, mapEmbeddingsRequest } from './map-embeddings-request.ts';
import { mapEmbeddingsResponse, type EmbeddingsAnswer } from './map-embeddings-response.ts';
import { mapGeminiError, parseGoogleError } from './map-gemini-error.ts';
import { mapModelList } from './map-model-list.ts';
import { modelResourcePath } from './model-traits.ts';
import { readGeminiOptions } from './gemini-options.ts';
import { ThoughtSignatureCache } from './thought-signature-cache.ts';

/** Embedding batches sent at the same time when an input needs several. */
const batchConcurrency = 4;
/** Pages of the model list read at most (1000 models each). */
const maxModelPages = 20;

export function createGeminiClient(context: ProviderContext<unknown>): ProviderClient {
  const apiKey = context.credentials.apiKey;
  const options = readGeminiOptions(context.options);
  // Tolerate a base URL configured with the version, as some SDKs document it.
  const root = `${context.baseUrl.replace(/\/v1beta$/, '')}/v1beta`;
  const signatures = new ThoughtSignatureCache();
  const remember = (id: string, signature: string): void => signatures.remember(id, signature);
  const mapOptions = { thoughtSignatureFor: (id: string) => signatures.get(id), safetySettings: options.safetySettings };

  const send = async (call: CallOptions, path: string, body?: unknown): Promise<HttpResponse> => {
    const headers: Record<string, string> = { ...options.headers };
    if (apiKey) headers['x-goog-api-key'] = apiKey;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await context.http.request({
      method: body === undefined ? 'GET' : 'POST',
      url: `${root}/${path}`,
      headers,
      body: body === undefined ? undefined : jsonRequestBody(body),
      signal: cancellationOf(call),
      timeouts: call.timeouts,
    });
    if (response.status >= 200 && response.status < 300) return response;
    throw mapGeminiError({ status: response.status, headers: response.headers, body: await response.text() });
  };

  const readJson = async <T>(response: HttpResponse): Promise<T> => {
    const value = await response.json<T>();
    if (value === null || typeof value !== 'object') {
      throw new ProviderError({ code: 'invalid_response', message: 'Gemini answered with an unexpected body' });
    }
    return value;
  };

  const post = async <T>(call: CallOptions, path: string, body: unknown): Promise<T> =>
    readJson<T>(await send(call, path, body));

  return {
    async chat(request: ChatCompletionRequest, call: CallOptions): Promise<ChatCompletion> {
      const body = mapChatRequest(request, mapOptions);
      const answer = await post<GeminiGenerateContentResponse>(
        call,
        `${modelResourcePath(request.model)}:generateContent`,
        body,
      );
      const identity = { id: completionId(answer.responseId), created: now(), model: request.model };
      return mapChatResponse(answer, identity, remember);
    },

    chatStream(request: ChatCompletionRequest, call: CallOptions): AsyncIterable<ChatCompletionChunk> {
      return withStreamPhase(
        (async function* () {
          const body = mapChatRequest(request, mapOptions);
          const path = `${modelResourcePath(request.model)}:streamGenerateContent?alt=sse`;
          const response = await send(call, path, body);
          const mapper = new GeminiStreamMapper({ created: now(), model: request.model }, remember);
          for await (const event of parseSse(response.body)) {
            for (const chunk of mapper.push(parseStreamEvent(event.data))) yield chunk;
          }
          yield* mapper.end();
        })(),
        cancellationOf(call),
      );
    },

    async embeddings(request: EmbeddingRequest, call: CallOptions): Promise<EmbeddingResponse> {
      const mapped = mapEmbeddingsRequest(request);
      const path = modelResourcePath(request.model);
      const answers: EmbeddingsAnswer[] = [];
      if (mapped.method === 'embedContent') {
        const answer = await post<GeminiEmbedContentResponse>(call, `${path}:embedContent`, mapped.body);
        answers.push({ vectors: [answer.embedding], usage: answer.usageMetadata });
      } else {
        for (let start = 0; start < mapped.batches.length; start += batchConcurrency) {
          const group = mapped.batches.slice(start, start + batchConcurrency);
          const results = await Promise.all(
            group.map((batch) => post<GeminiBatchEmbedContentsResponse>(call, `${path}:batchEmbedContents`, batch)),
          );
          for (const result of results) answers.push({ vectors: result.embeddings ?? [], usage: result.usageMetadata });
        }
      }
      return mapEmbeddingsResponse(answers, embeddingInputs(request.input), request.model, request.encoding_format);
    },

    async listModels(call: CallOptions): Promise<ProviderModel[]> {
      const models: GeminiModel[] = [];
      let pageToken: string | undefined;
      for (let page = 0; page < maxModelPages; page++) {
        const query = new URLSearchParams({ pageSize: '1000' });
        if (pageToken) query.set('pageToken', pageToken);
        const list = await readJson<GeminiListModelsResponse>(await send(call, `models?${query}`));
        models.push(...(list.models ?? []));
        pageToken = list.nextPageToken;
        if (!pageToken) break;
      }
      return mapModelList(models);
    },

    async health(call: CallOptions): Promise<void> {
      const response = await send(call, 'models?pageSize=1');
      await response.discard();
    },
  };
}

/** One `data:` payload of the stream: a GenerateContentResponse, or Google's error body. */
function parseStreamEvent(data: string): GeminiGenerateContentResponse {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (error) {
    throw new ProviderError({ code: 'invalid_response', message: 'Gemini sent a stream event that is not JSON', cause: error });
  }
  const streamError = parseGoogleError(data);
  if (streamError) {
    const status = typeof streamError.code === 'number' && streamError.code >= 400 ? streamError.code : 500;
    throw mapGeminiError({ status, headers: {}, body: data });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ProviderError({ code: 'invalid_response', message: 'Gemini sent an unexpected stream event' });
  }
  return value as GeminiGenerateContentResponse;
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}
