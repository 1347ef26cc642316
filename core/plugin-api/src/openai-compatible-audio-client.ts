/**
 * An AudioClient for any API that speaks OpenAI's Audio API (OpenAI, Azure OpenAI, Groq, Speaches…):
 * multipart uploads to `audio/transcriptions` and `audio/translations` (the file streamed through),
 * transcript deltas from their SSE stream, and `audio/speech` relayed as its bytes arrive. A provider
 * that is "OpenAI's Audio API with differences" configures this (where the endpoints are, how to
 * authenticate, its error codes) instead of writing a client.
 */
import type { AudioCapabilities, AudioClient, SpeechAudio, SpeechRequest, Transcription, TranscriptionEvent, TranscriptionRequest, TranscriptSegment, TranslationRequest } from './audio-plugin.ts';
import type { HttpResponse } from './http-client.ts';
import { mapHttpError } from './map-http-error.ts';
import { multipartBody, type MultipartPart } from './multipart-body.ts';
import type { CallOptions, ProviderContext } from './provider-plugin.ts';
import { ProviderError, type ProviderErrorCode } from './provider-error.ts';
import { readErrorBody } from './read-error-body.ts';
import { parseSse } from './sse.ts';
import { withStreamPhase } from './stream-phase.ts';
import { readAudioUsage, readTranscription } from './audio/read-openai-transcription.ts';
import { speechContentType } from './audio/speech-content-type.ts';
import { readOpenAISpeechEvents } from './audio/read-openai-speech-events.ts';
import { readAudioErrorBody } from './audio/read-audio-error-body.ts';

export type OpenAIAudioEndpoint = 'audio/transcriptions' | 'audio/translations' | 'audio/speech' | 'models';

export interface OpenAICompatibleAudioOptions {
  context: ProviderContext<unknown>;
  /** Used in error messages, e.g. `Groq`. */
  providerLabel: string;
  /** Headers sent with every request, typically authentication. */
  headers: Record<string, string>;
  /** What the client offers: a method exists for each operation declared here. */
  capabilities: AudioCapabilities;
  /**
   * Per-model refinements of `capabilities` (the plugin's `modelCapabilities`): a model whose
   * `transcriptFormats` leave out `verbose_json` (gpt-4o-transcribe answers only json or text) is
   * asked for `json`, since it refuses `verbose_json` and `timestamp_granularities` with a 400.
   */
  modelCapabilities?(model: string): AudioCapabilities | undefined;
  /**
   * Whether to ask a speech model for `stream_format: "sse"`: the audio then arrives as
   * `speech.audio.delta` events and ends with `speech.audio.done` and its usage, which is how a
   * token-billed model (gpt-4o-mini-tts) reports what it used; raw audio carries no usage.
   */
  speechEvents?(model: string): boolean;
  /**
   * The unit of segment and word times in transcription answers; OpenAI's are seconds. LocalAI
   * answers Go durations, which JSON-encode as integer nanoseconds.
   */
  transcriptTimeUnit?: 'seconds' | 'nanoseconds';
  /**
   * Whether a model tells speakers apart (gpt-4o-transcribe-diarize): it is asked for
   * `diarized_json` and `chunking_strategy: auto` (required past 30 s of audio), and sent no prompt.
   */
  diarizes?(model: string): boolean;
  /** What `listVoices` answers. */
  voices: () => Array<{ id: string; name?: string }>;
  /** The URL of an endpoint for a model; defaults to `${baseUrl}/${endpoint}` (`models` is the health probe). */
  url?(endpoint: OpenAIAudioEndpoint, model: string | undefined): string;
  /** Overrides the error code derived from the HTTP status, e.g. for provider-specific codes. */
  classifyError?(status: number, details: { message?: string; providerCode?: string }): ProviderErrorCode | undefined;
}

export function createOpenAICompatibleAudioClient(settings: OpenAICompatibleAudioOptions): AudioClient {
  const { context, providerLabel, headers, capabilities } = settings;
  const { baseUrl, http } = context;
  const urlFor = (endpoint: OpenAIAudioEndpoint, model?: string): string => (settings.url ? settings.url(endpoint, model) : `${baseUrl}/${endpoint}`);

  const fail = async (response: HttpResponse, endpoint?: OpenAIAudioEndpoint): Promise<never> => {
    const details = readAudioErrorBody(await response.text());
    let code = settings.classifyError?.(response.status, details);
    // An upload over the provider's size limit (413 "Maximum content size limit exceeded") is a bad
    // file, not the chat-shaped context_length a 413 means elsewhere.
    const upload = endpoint === 'audio/transcriptions' || endpoint === 'audio/translations';
    if (!code && upload && response.status === 413) code = 'bad_request';
    const param = details.param ?? (code === 'bad_request' && response.status === 413 ? 'file' : undefined);
    throw mapHttpError({ status: response.status, headers: response.headers, ...details, param, code, providerLabel });
  };

  const post = async (
    endpoint: OpenAIAudioEndpoint,
    model: string,
    body: { contentType: string; body: string | AsyncIterable<Uint8Array> },
    accept: string,
    call: CallOptions,
  ) => {
    const response = await http.request({
      method: 'POST',
      url: urlFor(endpoint, model),
      headers: { ...headers, 'content-type': body.contentType, accept },
      body: body.body,
      signal: call.signal,
    });
    if (response.status < 200 || response.status >= 300) await fail(response, endpoint);
    return response;
  };

  const uploadParts = (request: TranscriptionRequest | TranslationRequest, stream: boolean): MultipartPart[] => {
    const { file } = request;
    const parts: MultipartPart[] = [
      { name: 'file', filename: file.filename, contentType: file.contentType, body: file.body },
      { name: 'model', value: request.model },
    ];
    const language = 'language' in request ? request.language : undefined;
    if (language) parts.push({ name: 'language', value: language });
    const diarize = settings.diarizes?.(request.model) ?? false;
    // A diarizing model refuses a prompt.
    if (request.prompt && !diarize) parts.push({ name: 'prompt', value: request.prompt });
    const asked = 'timestampGranularities' in request ? (request.timestampGranularities ?? []) : [];
    // verbose_json carries segments and words; the gateway renders text, srt and vtt from them (or
    // from the text alone, for a model that answers json only).
    const formats = settings.modelCapabilities?.(request.model)?.transcriptFormats ?? capabilities.transcriptFormats;
    const canVerbose = !formats || formats.includes('verbose_json');
    const verbose = !stream && canVerbose && (asked.length > 0 || request.responseFormat === 'verbose_json' || request.responseFormat === 'srt' || request.responseFormat === 'vtt');
    // diarized_json carries the speakers' segments, which json leaves out.
    parts.push({ name: 'response_format', value: verbose ? 'verbose_json' : diarize && !stream ? 'diarized_json' : 'json' });
    // Required for a diarizing model's input longer than 30 s; "auto" suits every length.
    if (diarize) parts.push({ name: 'chunking_strategy', value: 'auto' });
    if (verbose) for (const granularity of asked) parts.push({ name: 'timestamp_granularities[]', value: granularity });
    if (request.temperature !== undefined) parts.push({ name: 'temperature', value: String(request.temperature) });
    if (stream) parts.push({ name: 'stream', value: 'true' });
    return parts;
  };

  const readJsonTranscription = async (response: HttpResponse): Promise<Transcription> => {
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      if (ProviderError.isInstance(error)) throw error;
      throw new ProviderError({ code: 'invalid_response', message: `${providerLabel} answered a transcription that is not JSON`, cause: error });
    }
    const transcription = readTranscription(body);
    if (!transcription) throw new ProviderError({ code: 'invalid_response', message: `${providerLabel} answered a transcription without text` });
    if (settings.transcriptTimeUnit === 'nanoseconds') {
      const seconds = (value: number) => value / 1e9;
      for (const timed of [...(transcription.segments ?? []), ...(transcription.words ?? [])]) {
        timed.start = seconds(timed.start);
        timed.end = seconds(timed.end);
      }
    }
    return transcription;
  };

  const upload = async (endpoint: OpenAIAudioEndpoint, request: TranscriptionRequest | TranslationRequest, call: CallOptions): Promise<Transcription> => {
    const response = await post(endpoint, request.model, multipartBody(uploadParts(request, false)), 'application/json', call);
    return readJsonTranscription(response);
  };

  async function* transcriptEvents(request: TranscriptionRequest, call: CallOptions): AsyncGenerator<TranscriptionEvent> {
    const response = await post('audio/transcriptions', request.model, multipartBody(uploadParts(request, true)), 'text/event-stream', call);
    const type = headerOf(response, 'content-type');
    if (!type.includes('text/event-stream')) {
      // Servers that do not stream (and whisper-1, which ignores `stream`) answer JSON.
      yield { type: 'done', transcription: await readJsonTranscription(response) };
      return;
    }
    let text = '';
    // Speaches (faster-whisper-server) streams each segment as a `json` answer, `{"text": …}` without
    // a type, and ends the body without a done event: there the end of the body is the end.
    let segmentsOnly = true;
    let sawSegment = false;
    // gpt-4o-transcribe-diarize streams who spoke when as transcript.text.segment events.
    const segments: TranscriptSegment[] = [];
    for await (const event of parseSse(response.body)) {
      if (event.data === '[DONE]') break;
      let data: Record<string, unknown>;
      try {
        data = JSON.parse(event.data) as Record<string, unknown>;
      } catch (error) {
        throw new ProviderError({ code: 'invalid_response', message: `${providerLabel} sent a transcript event that is not JSON`, cause: error });
      }
      if (data.type === 'error' || data.error !== undefined || event.event === 'error') {
        const details = readErrorBody(event.data);
        const code = settings.classifyError?.(500, details) ?? 'server';
        throw new ProviderError({ code, message: details.message ?? `${providerLabel} failed during the transcription`, providerCode: details.providerCode });
      }
      if (data.type === undefined && typeof data.text === 'string') {
        const piece = sawSegment && text && data.text && !/\s$/.test(text) && !/^\s/.test(data.text) ? ` ${data.text}` : data.text;
        sawSegment = true;
        if (!piece) continue;
        text += piece;
        yield { type: 'delta', text: piece };
        continue;
      }
      segmentsOnly = false;
      if (data.type === 'transcript.text.delta' && typeof data.delta === 'string') {
        text += data.delta;
        yield { type: 'delta', text: data.delta };
      } else if (data.type === 'transcript.text.segment') {
        const [segment] = readTranscription({ text: '', segments: [data] })?.segments ?? [];
        if (segment) segments.push(segment);
      } else if (data.type === 'transcript.text.done') {
        const transcription: Transcription = { text: typeof data.text === 'string' ? data.text : text };
        const usage = readAudioUsage(data.usage);
        if (usage) transcription.usage = usage;
        if (segments.length > 0) transcription.segments = segments;
        yield { type: 'done', transcription };
        return;
      }
    }
    if (sawSegment && segmentsOnly) {
      yield { type: 'done', transcription: { text: text.trim() } };
      return;
    }
    throw new ProviderError({ code: 'invalid_response', message: `${providerLabel} ended the transcript stream without transcript.text.done` });
  }

  const client: AudioClient = {
    async listVoices() {
      return settings.voices();
    },
    async health(call) {
      const response = await http.request({ method: 'GET', url: urlFor('models'), headers: { ...headers, accept: 'application/json' }, signal: call.signal });
      if (response.status < 200 || response.status >= 300) await fail(response);
      await response.discard();
    },
  };
  if (capabilities.transcribe) client.transcribe = (request, call) => upload('audio/transcriptions', request, call);
  if (capabilities.translate) client.translate = (request, call) => upload('audio/translations', request, call);
  if (capabilities.transcribeStream) client.transcribeStream = (request, call) => withStreamPhase(transcriptEvents(request, call));
  if (capabilities.speak) {
    client.speak = async (request: SpeechRequest, call: CallOptions): Promise<SpeechAudio> => {
      const voice = request.customVoice ? { id: request.voice } : request.voice;
      const body: Record<string, unknown> = { model: request.model, input: request.input, voice, response_format: request.format };
      if (request.instructions) body.instructions = request.instructions;
      if (request.speed !== undefined) body.speed = request.speed;
      if (settings.speechEvents?.(request.model)) body.stream_format = 'sse';
      const response = await post('audio/speech', request.model, { contentType: 'application/json', body: JSON.stringify(body) }, 'application/octet-stream', call);
      const contentType = speechContentType(request.format);
      if (headerOf(response, 'content-type').includes('text/event-stream')) {
        const events = readOpenAISpeechEvents(response.body, providerLabel);
        return { contentType, format: request.format, body: withStreamPhase(events.audio), usage: events.usage };
      }
      return { contentType, format: request.format, body: withStreamPhase(response.body) };
    };
  }
  return client;
}

function headerOf(response: HttpResponse, name: string): string {
  const value = response.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}
