/**
 * The ElevenLabs audio client: speech from the streaming text-to-speech endpoint (relayed as it
 * arrives), transcription with Scribe (the upload streamed through as multipart), and the
 * account's voices, which also serve as the health probe (a key without the voices permission passes it). Authentication is `xi-api-key`.
 */
import {
  multipartBody,
  ProviderError,
  withStreamPhase,
  type AudioClient,
  type AudioUsage,
  type AudioVoice,
  type CallOptions,
  type HttpResponse,
  type MultipartPart,
  type ProviderContext,
  type Transcription,
  type TranscriptWord,
} from '@conduit/plugin-api';
import { mapElevenLabsError } from './map-elevenlabs-error.ts';
import { elevenLabsOutputFormat } from './output-format.ts';

export interface ElevenLabsOptions {
  /** Sent as `voice_settings` with every speech request. */
  voiceSettings?: { stability?: number; similarity_boost?: number; style?: number; use_speaker_boost?: boolean };
}

export function createElevenLabsClient(context: ProviderContext<unknown>): AudioClient {
  const { baseUrl, http } = context;
  const options = context.options as ElevenLabsOptions;
  const headers: Record<string, string> = {};
  if (context.credentials.apiKey) headers['xi-api-key'] = context.credentials.apiKey;

  const send = async (path: string, call: CallOptions, init: { body?: string | AsyncIterable<Uint8Array>; contentType?: string; accept: string }): Promise<HttpResponse> => {
    const response = await http.request({
      method: init.body === undefined ? 'GET' : 'POST',
      url: `${baseUrl}${path}`,
      headers: { ...headers, accept: init.accept, ...(init.contentType ? { 'content-type': init.contentType } : {}) },
      body: init.body,
      signal: call.signal,
    });
    if (response.status < 200 || response.status >= 300) throw mapElevenLabsError(response.status, response.headers, await response.text());
    return response;
  };

  const json = async <T>(response: HttpResponse, what: string): Promise<T> => {
    try {
      return await response.json<T>();
    } catch (error) {
      if (ProviderError.isInstance(error)) throw error;
      throw new ProviderError({ code: 'invalid_response', message: `ElevenLabs answered ${what} that is not JSON`, cause: error });
    }
  };

  const listVoices = async (call: CallOptions): Promise<AudioVoice[]> => {
    const body = await json<{ voices?: Array<{ voice_id?: unknown; name?: unknown; labels?: Record<string, unknown>; verified_languages?: unknown }> }>(
      await send('/v1/voices', call, { accept: 'application/json' }),
      'a voice list',
    );
    if (!Array.isArray(body.voices)) throw new ProviderError({ code: 'invalid_response', message: 'ElevenLabs answered a voice list without voices' });
    return body.voices
      .filter((voice) => typeof voice.voice_id === 'string')
      .map((voice) => {
        const result: AudioVoice = { id: voice.voice_id as string };
        if (typeof voice.name === 'string') result.name = voice.name;
        // A voice's languages: a `language` label, and the languages it is verified in.
        const verified = Array.isArray(voice.verified_languages) ? voice.verified_languages.map((entry: { language?: unknown } | null) => entry?.language) : [];
        const languages = [...new Set([voice.labels?.language, ...verified].filter((language): language is string => typeof language === 'string' && language !== ''))];
        if (languages.length > 0) result.languages = languages;
        return result;
      });
  };

  return {
    listVoices,
    async health(call) {
      try {
        await listVoices(call);
      } catch (error) {
        // A key restricted to other endpoints is refused the voice list as `missing_permissions`: ElevenLabs
        // checked it and it is valid, so the provider answers and the key works for what it may do.
        if (ProviderError.isInstance(error) && error.providerCode === 'missing_permissions') return;
        throw error;
      }
    },
    async speak(request, call) {
      const format = elevenLabsOutputFormat(request.format);
      if (!format) {
        throw new ProviderError({ code: 'unsupported', param: 'response_format', message: `ElevenLabs cannot produce ${request.format} (it produces mp3, pcm and opus)` });
      }
      const body: Record<string, unknown> = { text: request.input, model_id: request.model };
      const settings: Record<string, unknown> = { ...options.voiceSettings };
      if (request.speed !== undefined) settings.speed = request.speed;
      if (Object.keys(settings).length > 0) body.voice_settings = settings;
      const path = `/v1/text-to-speech/${encodeURIComponent(request.voice)}/stream?output_format=${format.outputFormat}`;
      const response = await send(path, call, { body: JSON.stringify(body), contentType: 'application/json', accept: 'audio/*' });
      // The older docs name `character-cost`, the current API reference `x-character-count`.
      const header = headerOf(response, 'character-cost') || headerOf(response, 'x-character-count');
      const cost = Number(header);
      const usage: AudioUsage | undefined = header !== '' && Number.isFinite(cost) ? { characters: cost } : undefined;
      return { contentType: format.contentType, format: request.format, body: withStreamPhase(response.body), usage: () => usage };
    },
    async transcribe(request, call) {
      const { file } = request;
      const parts: MultipartPart[] = [
        { name: 'model_id', value: request.model },
        { name: 'file', filename: file.filename, contentType: file.contentType, body: file.body },
      ];
      if (request.language) parts.push({ name: 'language_code', value: request.language });
      if (request.temperature !== undefined) parts.push({ name: 'temperature', value: String(request.temperature) });
      parts.push({ name: 'tag_audio_events', value: 'false' });
      const form = multipartBody(parts);
      const response = await send('/v1/speech-to-text', call, { body: form.body, contentType: form.contentType, accept: 'application/json' });
      return readTranscript(await json<Record<string, unknown>>(response, 'a transcript'));
    },
  };
}

function readTranscript(body: Record<string, unknown>): Transcription {
  if (typeof body.text !== 'string') throw new ProviderError({ code: 'invalid_response', message: 'ElevenLabs answered a transcript without text' });
  const result: Transcription = { text: body.text };
  if (typeof body.language_code === 'string') result.language = body.language_code;
  // Scribe is billed by the audio's duration, which it reports (SDK 2.x `audio_duration_secs`).
  if (typeof body.audio_duration_secs === 'number' && Number.isFinite(body.audio_duration_secs)) {
    result.durationSeconds = body.audio_duration_secs;
    result.usage = { seconds: body.audio_duration_secs };
  }
  if (Array.isArray(body.words)) {
    const words: TranscriptWord[] = body.words
      .filter((word: { type?: unknown }) => word && word.type === 'word')
      .map((word: { text?: unknown; start?: unknown; end?: unknown }) => ({ word: String(word.text ?? ''), start: Number(word.start ?? 0), end: Number(word.end ?? 0) }));
    if (words.length > 0) result.words = words;
  }
  return result;
}

function headerOf(response: HttpResponse, name: string): string {
  const value = response.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}
