/**
 * The Cohere ProviderClient: HTTP through `context.http`, Cohere's v2 endpoints, mapping done by the
 * pure map-* modules.
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
import { CohereStreamMapper } from './cohere-stream-mapper.ts';
import type {
  CohereChatResponse,
  CohereEmbedInputType,
  CohereEmbedResponse,
  CohereModelList,
  CohereStreamEvent,
} from './cohere-types.ts';
import { mapChatRequest } from './map-chat-request.ts';
import { mapChatResponse } from './map-chat-response.ts';
import { mapEmbeddingsRequest } from './map-embeddings-request.ts';
import { mapEmbeddingsResponse } from './map-embeddings-response.ts';
import { mapCohereHttpError } from './map-error.ts';
import { mapModels } from './map-models.ts';

export interface CohereClientOptions {
  /** `input_type` for embeddings when the request does not name one. */
  inputType: CohereEmbedInputType;
  /** Sent as `X-Client-Name`, which Cohere shows in its usage dashboard. */
  clientName?: string;
}

const maxModelPages = 20;

export function createCohereClient(context: ProviderContext<unknown>, options: CohereClientOptions): ProviderClient {
  const headers = (accept: string): Record<string, string> => {
    const out: Record<string, string> = { accept };
    const apiKey = context.credentials.apiKey;
    if (apiKey) out.authorization = `Bearer ${apiKey}`;
    if (options.clientName) out['x-client-name'] = options.clientName;
    return out;
  };

  const send = async (
    path: string,
    call: CallOptions,
    body: unknown,
    accept = 'application/json',
  ): Promise<HttpResponse> => {
    const requestHeaders = headers(accept);
    if (body !== undefined) requestHeaders['content-type'] = 'application/json';
    const response = await context.http.request({
      method: body === undefined ? 'GET' : 'POST',
      url: `${context.baseUrl}${path}`,
      headers: requestHeaders,
      body: body === undefined ? undefined : jsonRequestBody(body),
      signal: cancellationOf(call),
      timeouts: call.timeouts,
    });
    if (response.status >= 200 && response.status < 300) return response;
    throw mapCohereHttpError(response.status, response.headers, await response.text());
  };

  async function* streamChunks(request: ChatCompletionRequest, call: CallOptions): AsyncGenerator<ChatCompletionChunk> {
    const response = await send('/v2/chat', call, mapChatRequest(request, true), 'text/event-stream');
    const mapper = new CohereStreamMapper({
      model: request.model,
      created: nowSeconds(),
      fallbackId: `chatcmpl-${call.requestId}`,
    });
    for await (const event of parseSse(response.body)) {
      if (event.data === '[DONE]') continue;
      yield* mapper.push(parseEvent(event.data));
    }
    mapper.finish();
  }

  return {
    async chat(request: ChatCompletionRequest, call: CallOptions): Promise<ChatCompletion> {
      const response = await send('/v2/chat', call, mapChatRequest(request, false));
      return mapChatResponse(await response.json<CohereChatResponse>(), request.model, nowSeconds());
    },
    chatStream(request: ChatCompletionRequest, call: CallOptions): AsyncIterable<ChatCompletionChunk> {
      return withStreamPhase(streamChunks(request, call), cancellationOf(call));
    },
    async embeddings(request: EmbeddingRequest, call: CallOptions): Promise<EmbeddingResponse> {
      const response = await send('/v2/embed', call, mapEmbeddingsRequest(request, options.inputType));
      return mapEmbeddingsResponse(await response.json<CohereEmbedResponse>(), request.model, request.encoding_format);
    },
    async listModels(call: CallOptions): Promise<ProviderModel[]> {
      const models: ProviderModel[] = [];
      let pageToken: string | undefined;
      for (let page = 0; page < maxModelPages; page++) {
        const query = `page_size=1000${pageToken ? `&page_token=${encodeURIComponent(pageToken)}` : ''}`;
        const list = await (await send(`/v1/models?${query}`, call, undefined)).json<CohereModelList>();
        models.push(...mapModels(list));
        pageToken = list.next_page_token ?? undefined;
        if (!pageToken) break;
      }
      return models;
    },
    async health(call: CallOptions): Promise<void> {
      await (await send('/v1/models?page_size=1', call, undefined)).discard();
    },
  };
}

function parseEvent(data: string): CohereStreamEvent {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (error) {
    throw new ProviderError({ code: 'invalid_response', message: 'Cohere sent a stream event that is not JSON', cause: error });
  }
  if (!value || typeof value !== 'object') {
    throw new ProviderError({ code: 'invalid_response', message: 'Cohere sent an unexpected stream event' });
  }
  const event = value as Partial<CohereStreamEvent> & { message?: unknown };
  if (typeof event.type !== 'string') {
    // An error object in place of an event.
    const message = typeof event.message === 'string' ? event.message : 'Cohere sent a stream event without a type';
    throw new ProviderError({ code: typeof event.message === 'string' ? 'server' : 'invalid_response', message });
  }
  return event as CohereStreamEvent;
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
