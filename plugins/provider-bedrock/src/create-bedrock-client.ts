/** The Bedrock client: Converse and ConverseStream over `context.http`, signed per request. */
import { randomUUID } from 'node:crypto';
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
import { cancellationOf } from '@conduit/plugin-api/internal';
import { readBedrockSettings, type BedrockSettings } from './bedrock-settings.ts';
import { converseUrl } from './bedrock-url.ts';
import type { ConverseResponse, ConverseStreamEvent, ConverseStreamEvents } from './converse-types.ts';
import { mapBedrockHttpError, mapStreamException } from './map-bedrock-error.ts';
import { mapChatRequest } from './map-chat-request.ts';
import { mapConverseResponse, type ResponseIdentity } from './map-converse-response.ts';
import { BedrockStreamMapper } from './map-stream-event.ts';
import { readEventStream } from './read-event-stream.ts';
import { signRequest } from './sign-request.ts';
import { unconfiguredClient } from './unconfigured-client.ts';

const streamEventTypes: ReadonlySet<string> = new Set<keyof ConverseStreamEvents>([
  'messageStart',
  'contentBlockStart',
  'contentBlockDelta',
  'contentBlockStop',
  'messageStop',
  'metadata',
]);

export function createBedrockClient(context: ProviderContext<unknown>): ProviderClient {
  let settings: BedrockSettings;
  try {
    settings = readBedrockSettings(context.baseUrl, context.credentials, context.options);
  } catch (error) {
    if (ProviderError.isInstance(error)) return unconfiguredClient(error);
    throw error;
  }

  const send = async (request: ChatCompletionRequest, call: CallOptions, stream: boolean): Promise<HttpResponse> => {
    const body = JSON.stringify(mapChatRequest(request));
    const url = converseUrl(settings.baseUrl, request.model, stream);
    const headers = await signRequest({ url, method: 'POST', headers: { 'content-type': 'application/json' }, body }, settings.auth, settings.region);
    const response = await context.http.request({ method: 'POST', url, headers, body, signal: cancellationOf(call), timeouts: call.timeouts });
    if (response.status >= 200 && response.status < 300) return response;
    throw mapBedrockHttpError(response.status, response.headers, await response.text());
  };

  const identityOf = (response: HttpResponse, request: ChatCompletionRequest): ResponseIdentity => {
    const requestId = response.headers['x-amzn-requestid'];
    const id = (Array.isArray(requestId) ? requestId[0] : requestId) ?? randomUUID();
    return { id: `chatcmpl-${id}`, created: Math.floor(Date.now() / 1000), model: request.model };
  };

  return {
    async chat(request: ChatCompletionRequest, call: CallOptions): Promise<ChatCompletion> {
      const response = await send(request, call, false);
      const body = await response.json<ConverseResponse>();
      if (!body || typeof body !== 'object' || !body.output) {
        throw new ProviderError({ code: 'invalid_response', message: 'Bedrock answered without an output message' });
      }
      return mapConverseResponse(body, identityOf(response, request));
    },

    chatStream(request: ChatCompletionRequest, call: CallOptions): AsyncIterable<ChatCompletionChunk> {
      return withStreamPhase(
        (async function* () {
          const response = await send(request, call, true);
          const mapper = new BedrockStreamMapper(identityOf(response, request));
          for await (const message of readEventStream(response.body)) {
            if (message.kind === 'exception') throw mapStreamException(message.exceptionType, message.payload);
            if (message.kind === 'error') {
              throw new ProviderError({ code: 'server', message: message.message || `Bedrock stream failed with ${message.errorCode}`, providerCode: message.errorCode });
            }
            if (!streamEventTypes.has(message.eventType)) continue;
            yield* mapper.map({ type: message.eventType, payload: message.payload } as ConverseStreamEvent);
          }
          mapper.end();
        })(),
        cancellationOf(call),
      );
    },
  };
}
