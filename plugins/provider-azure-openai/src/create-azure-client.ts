/**
 * The Azure OpenAI client: OpenAI's wire format on Azure's URLs with the `api-key` header, and the
 * stream annotations Azure adds removed before the gateway sees them.
 */
import {
  mapHttpError,
  readErrorBody,
  ProviderError,
  type CallOptions,
  type ChatCompletionChunk,
  type ChatCompletionRequest,
  type Completion,
  type CompletionRequest,
  type ProviderClient,
  type ProviderContext,
  type ProviderModel,
} from '@conduit/plugin-api';
import { cancellationOf, createOpenAICompatibleClientKeepingRawJson } from '@conduit/plugin-api/internal';
import { readAzureSettings, type AzureOptions, type AzureSettings } from './azure-settings.ts';
import { azureUrl } from './azure-url.ts';
import { classifyAzureError } from './classify-azure-error.ts';
import { mapAzureChatStream, mapAzureCompletionStream } from './map-azure-stream.ts';
import { mapAzureModels, type AzureModelList } from './map-azure-models.ts';

export const providerLabel = 'Azure OpenAI';

export function createAzureClient(context: ProviderContext<unknown>): ProviderClient {
  // Settings that cannot work (no endpoint) throw: the gateway refuses them when the provider is
  // saved and reports them as the provider's problem if stored before.
  const settings: AzureSettings = readAzureSettings(context.baseUrl, context.options as AzureOptions);
  const headers: Record<string, string> = { ...settings.headers };
  const { apiKey } = context.credentials;
  if (apiKey) headers['api-key'] = apiKey;

  // Its stream mapping copies the chunks it changes, so the parsed values may keep their JSON text.
  // Azure OpenAI has no /moderations (its content filters run on every call instead): not offered.
  const { moderations: _none, ...base } = createOpenAICompatibleClientKeepingRawJson({
    context,
    providerLabel,
    headers: () => headers,
    url: (endpoint, model) => azureUrl(settings, endpoint, model),
    streamUsage: settings.streamUsage,
    classifyError: classifyAzureError,
  });

  return {
    ...base,
    chatStream(request: ChatCompletionRequest, call: CallOptions): AsyncIterable<ChatCompletionChunk> {
      return phaseFromRelayed(mapAzureChatStream(base.chatStream(request, call)));
    },
    completionsStream(request: CompletionRequest, call: CallOptions): AsyncIterable<Completion> {
      if (!base.completionsStream) throw new Error('the OpenAI-compatible client lacks completionsStream');
      return phaseFromRelayed(mapAzureCompletionStream(base.completionsStream(request, call)));
    },
    async listModels(call: CallOptions): Promise<ProviderModel[]> {
      const response = await context.http.request({
        url: azureUrl(settings, 'models', undefined),
        headers: { ...headers, 'x-request-id': call.requestId },
        signal: cancellationOf(call),
        timeouts: call.timeouts,
      });
      if (response.status < 200 || response.status >= 300) {
        const details = readErrorBody(await response.text());
        throw mapHttpError({
          status: response.status,
          headers: response.headers,
          ...details,
          code: classifyAzureError(response.status, details),
          providerLabel,
        });
      }
      return mapAzureModels(await response.json<AzureModelList>());
    },
  };
}

/**
 * The shared client marks an error mid-stream once it has read any chunk, but the annotation chunks
 * dropped above never reach the gateway: an error after them is still before output.
 */
async function* phaseFromRelayed<T>(stream: AsyncIterable<T>): AsyncGenerator<T> {
  let relayed = false;
  try {
    for await (const item of stream) {
      relayed = true;
      yield item;
    }
  } catch (error) {
    if (!relayed && ProviderError.isInstance(error) && error.phase === 'mid-stream') {
      throw new ProviderError({ ...error.toOptions(), phase: 'before-output' });
    }
    throw error;
  }
}
