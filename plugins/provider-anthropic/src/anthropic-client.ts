/**
 * The Anthropic ProviderClient: the HTTP calls to `{baseUrl}/v1/messages` and `{baseUrl}/v1/models`
 * (base URL without `/v1`, as in Anthropic's SDKs), the mapping itself lives in the map-* files.
 */
import {
  jsonRequestBody,
  parseSse,
  ProviderError,
  withStreamPhase,
  type CallOptions,
  type ChatCompletion,
  type ChatCompletionChunk,
  type ChatCompletionRequest,
  type HttpResponse,
  type ProviderClient,
  type ProviderContext,
  type ProviderModel,
} from '@conduit/plugin-api';
import { cancellationOf } from '@conduit/plugin-api/internal';
import type { AnthropicMessageResponse, AnthropicModelList, AnthropicStreamEvent } from './anthropic-api.ts';
import type { AnthropicSettings } from './anthropic-settings.ts';
import { AnthropicStreamMapper } from './anthropic-stream-mapper.ts';
import { mapChatRequest } from './map-chat-request.ts';
import { mapChatResponse } from './map-chat-response.ts';
import { mapAnthropicHttpError } from './map-error.ts';
import { mapModelInfo } from './map-model-list.ts';

export function createAnthropicClient(context: ProviderContext<unknown>, settings: AnthropicSettings): ProviderClient {
  const headers = (accept: string, hasBody: boolean): Record<string, string> => {
    const out: Record<string, string> = { ...settings.headers, 'anthropic-version': settings.apiVersion, accept };
    const apiKey = context.credentials.apiKey;
    if (apiKey) out['x-api-key'] = apiKey;
    if (settings.betas.length > 0) out['anthropic-beta'] = settings.betas.join(',');
    if (hasBody) out['content-type'] = 'application/json';
    return out;
  };

  const send = async (path: string, call: CallOptions, body?: unknown, accept = 'application/json'): Promise<HttpResponse> => {
    const response = await context.http.request({
      method: body === undefined ? 'GET' : 'POST',
      url: `${context.baseUrl}${path}`,
      headers: headers(accept, body !== undefined),
      body: body === undefined ? undefined : jsonRequestBody(body),
      signal: cancellationOf(call),
      timeouts: call.timeouts,
    });
    if (response.status >= 200 && response.status < 300) return response;
    throw mapAnthropicHttpError(response.status, response.headers, await response.text());
  };

  const mappingOptions = { defaultMaxTokens: settings.defaultMaxTokens, samplingParameters: settings.samplingParameters };

  return {
    async chat(request: ChatCompletionRequest, call: CallOptions): Promise<ChatCompletion> {
      const body = mapChatRequest(request, mappingOptions);
      const response = await send('/v1/messages', call, body);
      const message = await response.json<AnthropicMessageResponse>();
      if (!message || typeof message !== 'object' || !Array.isArray(message.content)) {
        throw new ProviderError({ code: 'invalid_response', message: 'Anthropic answered with an unexpected body' });
      }
      return mapChatResponse(message);
    },

    chatStream(request: ChatCompletionRequest, call: CallOptions): AsyncIterable<ChatCompletionChunk> {
      return withStreamPhase(
        (async function* () {
          const body = { ...mapChatRequest(request, mappingOptions), stream: true };
          const response = await send('/v1/messages', call, body, 'text/event-stream');
          const mapper = new AnthropicStreamMapper(request.model);
          for await (const sse of parseSse(response.body)) {
            yield* mapper.push(parseEvent(sse.data, sse.event));
          }
          mapper.end();
        })(),
        cancellationOf(call),
      );
    },

    async listModels(call: CallOptions): Promise<ProviderModel[]> {
      const models: ProviderModel[] = [];
      let afterId: string | null = null;
      do {
        const query: string = afterId ? `?limit=1000&after_id=${encodeURIComponent(afterId)}` : '?limit=1000';
        const page = await (await send(`/v1/models${query}`, call)).json<AnthropicModelList>();
        models.push(...(page.data ?? []).map(mapModelInfo));
        afterId = page.has_more && page.last_id ? page.last_id : null;
      } while (afterId);
      return models;
    },

    async health(call: CallOptions): Promise<void> {
      const response = await send('/v1/models?limit=1', call);
      await response.discard();
    },
  };
}

function parseEvent(data: string, eventName: string | undefined): AnthropicStreamEvent {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (error) {
    throw new ProviderError({ code: 'invalid_response', message: 'Anthropic sent a stream event that is not JSON', cause: error });
  }
  if (!value || typeof value !== 'object') {
    throw new ProviderError({ code: 'invalid_response', message: 'Anthropic sent an unexpected stream event' });
  }
  const event = value as { type?: unknown };
  if (typeof event.type !== 'string' && eventName) return { ...event, type: eventName } as AnthropicStreamEvent;
  return event as AnthropicStreamEvent;
}
