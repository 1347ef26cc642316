/**
 * The Acme AI ProviderClient: the HTTP call to `{baseUrl}/v2/generate` through `context.http`, with
 * Bearer authentication and the region header. The mapping itself lives in the map-* files.
 */
import {
  ProviderError,
  withStreamPhase,
  type CallOptions,
  type ChatCompletion,
  type ChatCompletionChunk,
  type ChatCompletionRequest,
  type HttpResponse,
  type ProviderClient,
  type ProviderContext,
} from '@conduit/plugin-api';
import type { AcmeGeneration, AcmeGenerateRequest } from './acme-api.ts';
import type { AcmePluginOptions } from './acme-plugin-options.ts';
import { AcmeStreamMapper } from './acme-stream-mapper.ts';
import { mapAcmeHttpError } from './map-acme-error.ts';
import { mapChatRequest } from './map-chat-request.ts';
import { mapChatResponse } from './map-chat-response.ts';
import { parseNdjson } from './parse-ndjson.ts';
import { readStreamEvent } from './read-stream-event.ts';

export function createAcmeClient(context: ProviderContext<AcmePluginOptions>): ProviderClient {
  const generate = async (body: AcmeGenerateRequest, call: CallOptions): Promise<HttpResponse> => {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: body.stream ? 'application/x-ndjson' : 'application/json',
      'acme-region': context.pluginOptions.region,
      'acme-client-request-id': call.requestId,
    };
    const apiKey = context.credentials.apiKey;
    if (apiKey) headers.authorization = `Bearer ${apiKey}`;
    const response = await context.http.request({
      method: 'POST',
      url: `${context.baseUrl}/v2/generate`,
      headers,
      body: JSON.stringify(body),
      signal: call.signal,
      timeouts: call.timeouts,
    });
    if (response.status >= 200 && response.status < 300) return response;
    throw mapAcmeHttpError(response.status, response.headers, await response.text());
  };

  return {
    async chat(request: ChatCompletionRequest, call: CallOptions): Promise<ChatCompletion> {
      const response = await generate({ ...mapChatRequest(request), stream: false }, call);
      const generation = await response.json<AcmeGeneration>();
      if (!generation || typeof generation !== 'object' || !Array.isArray(generation.output) || !generation.token_counts) {
        throw new ProviderError({ code: 'invalid_response', message: 'Acme AI answered with an unexpected body' });
      }
      return mapChatResponse(generation);
    },

    chatStream(request: ChatCompletionRequest, call: CallOptions): AsyncIterable<ChatCompletionChunk> {
      return withStreamPhase(
        (async function* () {
          const response = await generate({ ...mapChatRequest(request), stream: true }, call);
          const mapper = new AcmeStreamMapper(request.model);
          for await (const line of parseNdjson(response.body)) {
            const event = readStreamEvent(line);
            if (event) yield* mapper.push(event);
          }
          mapper.end();
        })(),
        call.signal,
      );
    },
  };
}
