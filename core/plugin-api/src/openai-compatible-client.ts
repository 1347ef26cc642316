/**
 * A ProviderClient for any API that speaks OpenAI's wire format. A provider that is "OpenAI with
 * differences" (a preset, Mistral, Azure) configures this instead of writing a client: where the
 * endpoints are, how to authenticate, and how to adjust a request body.
 */
import type { CallOptions, ProviderClient, ProviderContext, ProviderModel } from './provider-plugin.ts';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionRequest,
  Completion,
  CompletionRequest,
  EmbeddingRequest,
  EmbeddingResponse,
  ImageEditRequest,
  ImageGenerationRequest,
  ImagesResponse,
  ModerationRequest,
  ModerationResponse,
} from './openai/index.ts';
import { multipartBody, type MultipartPart } from './multipart-body.ts';
import { cancellationOf } from './cancellation.ts';
import type { HttpResponse } from './http-client.ts';
import { ProviderError, type ProviderErrorCode } from './provider-error.ts';
import { mapHttpError } from './map-http-error.ts';
import { readErrorBody } from './read-error-body.ts';
import { OpenAIEventStream } from './openai-event-stream.ts';
import { markRawJson } from './raw-json.ts';
import { markRawJsonBytes } from './raw-json-bytes.ts';
import { readJsonWithLongStrings } from './read-json-with-long-strings.ts';
import { jsonRequestBody } from './json-request-body.ts';
import { withoutThinkingBlocks } from './without-thinking-blocks.ts';
import { parseResponseJson } from './parse-response-json.ts';

export type OpenAIEndpoint = 'chat/completions' | 'completions' | 'embeddings' | 'images/generations' | 'images/edits' | 'moderations' | 'models';

export interface OpenAICompatibleOptions {
  context: ProviderContext<unknown>;
  /** Used in error messages, e.g. `Groq`. */
  providerLabel: string;
  /** Headers sent with every request, typically authentication. */
  headers(): Record<string, string>;
  /** The URL of an endpoint; defaults to `${baseUrl}/${endpoint}`. */
  url?(endpoint: OpenAIEndpoint, model: string | undefined): string;
  /**
   * Whether the upstream accepts `stream_options.include_usage`. When true the client always asks for
   * usage, so that streams are billed from the provider's own count.
   */
  streamUsage?: boolean;
  /** Last adjustment of a request body before it is sent (drop or rename fields the provider lacks). */
  mapRequestBody?(endpoint: OpenAIEndpoint, body: Record<string, unknown>): Record<string, unknown>;
  /** Overrides the error code derived from the HTTP status, e.g. for provider-specific codes. */
  classifyError?(status: number, details: { message?: string; providerCode?: string }): ProviderErrorCode | undefined;
}

export function createOpenAICompatibleClient(options: OpenAICompatibleOptions): ProviderClient {
  return createClient(options, false);
}

/**
 * Unstable (`@conduit/plugin-api/internal`): the same client, but its whole answers and stream chunks
 * carry the JSON text they were parsed from (see raw-json.ts), which the gateway then sends on as it
 * came. Only for a plugin that never changes those values in place: the text would go out stale.
 */
export function createOpenAICompatibleClientKeepingRawJson(options: OpenAICompatibleOptions): ProviderClient {
  return createClient(options, true);
}

function createClient(options: OpenAICompatibleOptions, keepRawJson: boolean): ProviderClient {
  const { context, providerLabel } = options;
  const urlFor = (endpoint: OpenAIEndpoint, model?: string): string =>
    options.url ? options.url(endpoint, model) : `${context.baseUrl}/${endpoint}`;

  const send = async (
    endpoint: OpenAIEndpoint,
    call: CallOptions,
    body: Record<string, unknown> | undefined,
    model: string | undefined,
    form?: readonly MultipartPart[],
  ): Promise<HttpResponse> => {
    const headers: Record<string, string> = { ...options.headers(), 'x-request-id': call.requestId };
    let payload: string | AsyncIterable<Uint8Array> | undefined;
    if (form) {
      const multipart = multipartBody(form);
      headers['content-type'] = multipart.contentType;
      payload = multipart.body;
    } else if (body) {
      headers['content-type'] = 'application/json';
      payload = jsonRequestBody(options.mapRequestBody ? options.mapRequestBody(endpoint, body) : body);
    }
    const response = await context.http.request({
      method: payload ? 'POST' : 'GET',
      url: urlFor(endpoint, model),
      headers,
      body: payload,
      signal: cancellationOf(call),
      timeouts: call.timeouts,
    });
    if (response.status >= 200 && response.status < 300) return response;
    const details = readErrorBody(await response.text());
    throw mapHttpError({
      status: response.status,
      headers: response.headers,
      ...details,
      code: options.classifyError?.(response.status, details),
      providerLabel,
    });
  };

  // With keepRawJson, the parsed answer keeps its text, so the gateway can send it on as it came.
  const readJson = async <T>(response: HttpResponse): Promise<T> => {
    const text = await response.text();
    const value = parseResponseJson(text, response.status);
    if (value === null || typeof value !== 'object') {
      throw new ProviderError({ code: 'invalid_response', message: `${providerLabel} answered with an unexpected body` });
    }
    return (keepRawJson ? markRawJson(value, text) : value) as T;
  };

  // Images come as base64 of megabytes: read as they arrive, decoded only if read, relayed as bytes.
  const readImages = async (response: HttpResponse): Promise<ImagesResponse> => {
    if (!keepRawJson) return readJson<ImagesResponse>(response);
    const { value, pieces, byteLength } = await readJsonWithLongStrings(response.body, response.status);
    if (value === null || typeof value !== 'object') {
      throw new ProviderError({ code: 'invalid_response', message: `${providerLabel} answered with an unexpected body` });
    }
    return markRawJsonBytes(value, { pieces, byteLength }) as ImagesResponse;
  };

  const streamError = (data: string): ProviderError => {
    const details = readErrorBody(data);
    return mapHttpError({
      status: 500,
      headers: {},
      ...details,
      code: options.classifyError?.(500, details) ?? 'server',
      providerLabel,
    });
  };

  // OpenAI refuses stream_options on a non-stream request.
  const nonStreamBody = (request: Record<string, unknown>): Record<string, unknown> => {
    if (request.stream_options === undefined) return { ...request, stream: false };
    const { stream_options: _ignored, ...body } = request;
    return { ...body, stream: false };
  };

  const streamBody = (request: { stream_options?: unknown } & Record<string, unknown>): Record<string, unknown> => {
    const body: Record<string, unknown> = { ...request, stream: true };
    if (options.streamUsage) {
      body.stream_options = { ...(request.stream_options as object | undefined), include_usage: true };
    }
    return body;
  };

  const stream = <T>(endpoint: OpenAIEndpoint, request: CompletionRequest | ChatCompletionRequest, call: CallOptions): AsyncIterable<T> =>
    new OpenAIEventStream<T>({
      open: () => send(endpoint, call, streamBody(request), request.model),
      streamError,
      providerLabel,
      signal: cancellationOf(call),
      keepRawJson,
    });

  return {
    async chat(request: ChatCompletionRequest, call: CallOptions): Promise<ChatCompletion> {
      const response = await send('chat/completions', call, nonStreamBody(withoutThinkingBlocks(request)), request.model);
      return readJson<ChatCompletion>(response);
    },
    chatStream(request: ChatCompletionRequest, call: CallOptions): AsyncIterable<ChatCompletionChunk> {
      return stream<ChatCompletionChunk>('chat/completions', withoutThinkingBlocks(request), call);
    },
    async completions(request: CompletionRequest, call: CallOptions): Promise<Completion> {
      const response = await send('completions', call, nonStreamBody(request), request.model);
      return readJson<Completion>(response);
    },
    completionsStream(request: CompletionRequest, call: CallOptions): AsyncIterable<Completion> {
      return stream<Completion>('completions', request, call);
    },
    async embeddings(request: EmbeddingRequest, call: CallOptions): Promise<EmbeddingResponse> {
      const response = await send('embeddings', call, { ...request }, request.model);
      return readJson<EmbeddingResponse>(response);
    },
    async images(request: ImageGenerationRequest, call: CallOptions): Promise<ImagesResponse> {
      return readImages(await send('images/generations', call, { ...request }, request.model));
    },
    async imageEdits(request: ImageEditRequest, call: CallOptions): Promise<ImagesResponse> {
      const form: MultipartPart[] = [
        { name: 'model', value: request.model },
        { name: 'prompt', value: request.prompt },
      ];
      for (const name of Object.keys(request.fields)) form.push({ name, value: request.fields[name]! });
      for (const file of request.files) form.push({ name: file.field, filename: file.filename, contentType: file.contentType, body: file.body });
      return readImages(await send('images/edits', call, undefined, request.model, form));
    },
    async moderations(request: ModerationRequest, call: CallOptions): Promise<ModerationResponse> {
      return readJson<ModerationResponse>(await send('moderations', call, { ...request }, request.model));
    },

    async listModels(call: CallOptions): Promise<ProviderModel[]> {
      const response = await send('models', call, undefined, undefined);
      const list = await readJson<{ data?: Array<{ id: string; owned_by?: string; created?: number }> }>(response);
      return (list.data ?? []).map((model) => ({ id: model.id, ownedBy: model.owned_by, created: model.created }));
    },
    async health(call: CallOptions): Promise<void> {
      const response = await send('models', call, undefined, undefined);
      await response.discard();
    },
  };
}
