/**
 * The Mistral ProviderClient: the plugin API's OpenAI-compatible client does the HTTP and SSE work,
 * configured with Mistral's request mapping and error bodies; answers and stream chunks are then
 * made canonical (see map-chat-response.ts and mistral-stream-normalizer.ts).
 */
import {
  createOpenAICompatibleClient,
  mapHttpError,
  withStreamPhase,
  type CallOptions,
  type ChatCompletion,
  type ChatCompletionChunk,
  type ChatCompletionRequest,
  type EmbeddingRequest,
  type EmbeddingResponse,
  type ProviderClient,
  type ProviderContext,
  type ProviderModel,
} from '@conduit/plugin-api';
import { cancellationOf } from '@conduit/plugin-api/internal';
import { mapChatResponse } from './map-chat-response.ts';
import { mapEmbeddingsResponse } from './map-embeddings-response.ts';
import { mapModels } from './map-models.ts';
import { mapRequestBody } from './map-request-body.ts';
import { MistralStreamNormalizer } from './mistral-stream-normalizer.ts';
import { readMistralErrorBody } from './read-mistral-error-body.ts';
import { withMistralErrorBodies } from './with-mistral-error-bodies.ts';

const providerLabel = 'Mistral';

export function createMistralClient(context: ProviderContext<unknown>): ProviderClient {
  const headers = (): Record<string, string> => {
    const apiKey = context.credentials.apiKey;
    return apiKey ? { authorization: `Bearer ${apiKey}` } : {};
  };
  const compatible = createOpenAICompatibleClient({
    context: { ...context, http: withMistralErrorBodies(context.http) },
    providerLabel,
    headers,
    // Mistral reports usage in every stream and rejects `stream_options`.
    streamUsage: false,
    mapRequestBody,
  });

  async function* normalize(request: ChatCompletionRequest, call: CallOptions): AsyncGenerator<ChatCompletionChunk> {
    const normalizer = new MistralStreamNormalizer({
      model: request.model,
      created: nowSeconds(),
      fallbackId: `chatcmpl-${call.requestId}`,
    });
    for await (const chunk of compatible.chatStream(request, call)) yield* normalizer.push(chunk);
    yield* normalizer.finish();
  }

  return {
    async chat(request: ChatCompletionRequest, call: CallOptions): Promise<ChatCompletion> {
      return mapChatResponse(await compatible.chat(request, call), request.model, nowSeconds());
    },
    chatStream(request: ChatCompletionRequest, call: CallOptions): AsyncIterable<ChatCompletionChunk> {
      return withStreamPhase(normalize(request, call), cancellationOf(call));
    },
    async embeddings(request: EmbeddingRequest, call: CallOptions): Promise<EmbeddingResponse> {
      return mapEmbeddingsResponse(await compatible.embeddings!(request, call), request.model);
    },
    async listModels(call: CallOptions): Promise<ProviderModel[]> {
      const response = await context.http.request({
        method: 'GET',
        url: `${context.baseUrl}/models`,
        headers: headers(),
        signal: cancellationOf(call),
        timeouts: call.timeouts,
      });
      if (response.status < 200 || response.status >= 300) {
        const details = readMistralErrorBody(await response.text());
        throw mapHttpError({ status: response.status, headers: response.headers, ...details, providerLabel });
      }
      return mapModels(await response.json());
    },
    async health(call: CallOptions): Promise<void> {
      await compatible.health!(call);
    },
  };
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
