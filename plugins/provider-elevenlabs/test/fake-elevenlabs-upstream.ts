/**
 * A fake ElevenLabs API on 127.0.0.1 in its real wire format: `xi-api-key` authentication,
 * `POST /v1/text-to-speech/{voice_id}/stream` (chunked audio, `character-cost` and `request-id`
 * headers), `POST /v1/speech-to-text` (multipart in, `SpeechToTextChunkResponseModel` out),
 * `GET /v1/voices`, and ElevenLabs' error bodies (`{detail: {status, message}}`, 422 `{detail: [...]}`,
 * quota exhaustion as a 401 `quota_exceeded`).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import busboy from 'busboy';
import {
  assembleFakeUpstream,
  createFakeReplyScript,
  parseJsonBody,
  startFakeHttpServer,
  type AssembledFakeUpstream,
  type AudioScriptedReply,
} from '@conduit/plugin-api/conformance';

export type ElevenLabsFakeReply =
  | AudioScriptedReply
  /** The 401 ElevenLabs answers when the account's credits are spent. */
  | { type: 'quota-exceeded' }
  /** The first audio bytes, then nothing until the client goes away. */
  | { type: 'stream-hang' }
  /** A transcript text for the next speech-to-text request. */
  | { type: 'transcript'; text: string }
  /**
   * An error answered with this `detail`: e.g. the newer typed shape `{type, code, message,
   * request_id}` ElevenLabs sends beside (or instead of) the older `{status, message}`.
   */
  | { type: 'detail'; status: number; detail: Json }
  /** Speech whose cost comes only in `x-character-count`, the header the current API reference names. */
  | { type: 'x-character-count' };

export interface ElevenLabsFakeUpstream extends AssembledFakeUpstream<ElevenLabsFakeReply> {
  readonly apiKey: string;
}

export const defaultElevenLabsFakeApiKey = 'sk_fake_elevenlabs_0123456789abcdef0123456789abcdef';
export const fakeElevenLabsTranscript = 'Hello world!';
export const fakeVoices = [
  { voice_id: '21m00Tcm4TlvDq8ikWAM', name: 'Rachel', category: 'premade', labels: { accent: 'american', gender: 'female', language: 'en' } },
  { voice_id: 'JBFqnCBsd6RMkjVDRZzb', name: 'George', category: 'premade', labels: { accent: 'british', gender: 'male', language: 'en' } },
  // A voice whose languages are only in verified_languages, as the Voice model (SDK 2.73) has them.
  {
    voice_id: 'pFZP5JQG7iQjIQuC4Bku',
    name: 'Lily',
    category: 'professional',
    labels: { accent: 'neutral', gender: 'female', use_case: 'narration' },
    verified_languages: [
      { language: 'de', model_id: 'eleven_multilingual_v2', accent: 'standard', locale: 'de-DE' },
      { language: 'en', model_id: 'eleven_multilingual_v2', accent: 'british', locale: 'en-GB' },
      { language: 'en', model_id: 'eleven_flash_v2_5', accent: 'british', locale: 'en-GB' },
    ],
  },
];
const speechModels = ['eleven_multilingual_v2', 'eleven_flash_v2_5', 'eleven_turbo_v2_5', 'eleven_flash_v2', 'eleven_turbo_v2', 'eleven_v3'];
const outputFormats = /^(mp3_(22050_32|44100_(32|64|96|128|192))|pcm_(8000|16000|22050|24000|44100|48000)|ulaw_8000|alaw_8000|opus_48000_(32|64|96|128|192))$/;

type Json = Record<string, unknown>;

export async function startElevenLabsFakeUpstream(options: { apiKey?: string } = {}): Promise<ElevenLabsFakeUpstream> {
  const apiKey = options.apiKey ?? defaultElevenLabsFakeApiKey;
  const script = createFakeReplyScript<ElevenLabsFakeReply>('the fake ElevenLabs upstream');

  const handle = async (req: IncomingMessage, raw: Buffer, res: ServerResponse): Promise<void> => {
    res.setHeader('request-id', randomUUID().replace(/-/g, ''));
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const form = url.pathname === '/v1/speech-to-text' ? await readForm(req, raw) : undefined;
    const body = form ? form.fields : parseJsonBody(raw).object;
    script.record({ path: `${url.pathname}${url.search}`, headers: req.headers, body: body ?? null, model: String((body as Json | undefined)?.model_id ?? ''), stream: false, messages: [] });
    const json = (status: number, answer: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(answer));
    };
    const detail = (status: number, code: string, message: string, headers: Record<string, string> = {}) => json(status, { detail: { status: code, message } }, headers);
    const aborted = new Promise<void>((resolve) => res.once('close', () => resolve()));

    const presented = req.headers['xi-api-key'];
    if (typeof presented !== 'string' || presented === '') return detail(401, 'needs_authorization', 'Neither authorization header nor xi-api-key received, please provide one.');
    if (presented !== apiKey) return detail(401, 'invalid_api_key', 'Invalid API key');

    const scripted = async (reply: ElevenLabsFakeReply | undefined): Promise<boolean> => {
      if (!reply) return false;
      if (reply.type === 'hang') return aborted.then(() => true);
      if (reply.type === 'quota-exceeded') {
        detail(401, 'quota_exceeded', 'This request exceeds your quota of 10000. You have 0 credits remaining, while 91 credits are required for this request.');
        return true;
      }
      if (reply.type === 'detail') {
        json(reply.status, { detail: reply.detail });
        return true;
      }
      if (reply.type === 'http-error') {
        const headers: Record<string, string> = reply.retryAfterSeconds !== undefined ? { 'retry-after': String(reply.retryAfterSeconds) } : {};
        const code = reply.status === 401 ? 'invalid_api_key' : reply.status === 429 ? 'too_many_concurrent_requests' : reply.status >= 500 ? 'internal_server_error' : 'invalid_request';
        detail(reply.status, code, reply.message, headers);
        return true;
      }
      return false;
    };

    if (method === 'GET' && url.pathname === '/v1/voices') {
      if (await scripted(script.next())) return;
      return json(200, {
        voices: fakeVoices.map((voice) => ({
          ...voice,
          samples: null,
          fine_tuning: null,
          description: null,
          preview_url: `https://storage.googleapis.com/eleven-public-prod/premade/voices/${voice.voice_id}/preview.mp3`,
          available_for_tiers: [],
          settings: null,
          sharing: null,
          high_quality_base_model_ids: ['eleven_multilingual_v2', 'eleven_flash_v2_5'],
          is_owner: false,
          is_legacy: false,
          is_mixed: false,
        })),
      });
    }

    const tts = /^\/v1\/text-to-speech\/([^/]+)\/stream$/.exec(url.pathname);
    if (method === 'POST' && tts) {
      const voice = decodeURIComponent(tts[1]!);
      if (!body) return json(422, { detail: [{ loc: ['body'], msg: 'Field required', type: 'missing' }] });
      if (typeof body.text !== 'string' || body.text === '') return json(422, { detail: [{ loc: ['body', 'text'], msg: 'Field required', type: 'missing' }] });
      const model = typeof body.model_id === 'string' ? body.model_id : 'eleven_multilingual_v2';
      if (!speechModels.includes(model)) return detail(400, 'model_not_found', `A model with model ID ${model} does not exist.`);
      if (!fakeVoices.some((known) => known.voice_id === voice)) return detail(404, 'voice_not_found', `A voice with the voice_id ${voice} was not found.`);
      const format = url.searchParams.get('output_format') ?? 'mp3_44100_128';
      if (!outputFormats.test(format)) return json(422, { detail: [{ loc: ['query', 'output_format'], msg: `Input should be a valid output format`, type: 'enum' }] });
      const reply = script.next();
      if (await scripted(reply)) return;
      const audio = fakeAudio(body.text, format);
      const contentType = format.startsWith('mp3') ? 'audio/mpeg' : format.startsWith('opus') ? 'audio/opus' : 'audio/pcm';
      const cost = reply?.type === 'x-character-count' ? { 'x-character-count': String(body.text.length) } : { 'character-cost': String(body.text.length) };
      res.writeHead(200, { 'content-type': contentType, ...cost, 'transfer-encoding': 'chunked' });
      const size = Math.ceil(audio.length / 4);
      for (let at = 0; at < audio.length; at += size) {
        if (res.destroyed) return;
        res.write(audio.subarray(at, at + size));
        if (reply?.type === 'stream-hang') return aborted;
        await new Promise((resolve) => setImmediate(resolve));
      }
      return void res.end();
    }

    if (method === 'POST' && url.pathname === '/v1/speech-to-text') {
      if (!form) return json(422, { detail: [{ loc: ['body'], msg: 'Expected multipart/form-data', type: 'value_error' }] });
      const model = form.fields.model_id;
      if (!model) return json(422, { detail: [{ loc: ['body', 'model_id'], msg: 'Field required', type: 'missing' }] });
      if (!/^scribe_v[12](_experimental)?$/.test(model)) return detail(400, 'invalid_model_id', `Model ${model} is not a speech to text model.`);
      if (!form.file) return detail(400, 'invalid_parameters', 'Exactly one of the file or cloud_storage_url parameters must be provided.');
      const reply = script.next();
      if (await scripted(reply)) return;
      const text = reply?.type === 'transcript' ? reply.text : fakeElevenLabsTranscript;
      const words: Json[] = [];
      let at = 0;
      for (const [index, word] of text.split(' ').entries()) {
        if (index > 0) words.push({ text: ' ', start: at, end: at, type: 'spacing', speaker_id: 'speaker_0', logprob: 0 });
        words.push({ text: word, start: at, end: at + 0.5, type: 'word', speaker_id: 'speaker_0', logprob: -0.1 });
        at += 0.5;
      }
      // transcription_id and audio_duration_secs as SpeechToTextChunkResponseModel has them (SDK 2.73).
      return json(200, { language_code: form.fields.language_code ?? 'eng', language_probability: 0.98, text, words, transcription_id: 'tr_fake0001', audio_duration_secs: at });
    }
    detail(404, 'not_found', `Not Found: ${method} ${url.pathname}`);
  };

  const server = await startFakeHttpServer(handle, { failureBody: (message) => ({ detail: { status: 'internal_error', message } }) });
  const upstream = assembleFakeUpstream<ElevenLabsFakeReply>({ provider: { baseUrl: server.origin, credentials: { apiKey }, options: {} }, script, server });
  return { ...upstream, apiKey };
}

interface Form {
  fields: Record<string, string>;
  file?: { filename: string; bytes: number };
}

function readForm(req: IncomingMessage, raw: Buffer): Promise<Form | undefined> {
  const type = req.headers['content-type'];
  if (!type?.startsWith('multipart/form-data')) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const form: Form = { fields: {} };
    const parser = busboy({ headers: { 'content-type': type } });
    parser.on('field', (name, value) => (form.fields[name] = value));
    parser.on('file', (_field, stream, info) => {
      let bytes = 0;
      stream.on('data', (piece: Buffer) => (bytes += piece.length));
      stream.on('end', () => (form.file = { filename: info.filename, bytes }));
    });
    parser.on('close', () => resolve(form));
    parser.on('error', () => resolve(undefined));
    Readable.from([raw]).pipe(parser);
  });
}

function fakeAudio(text: string, format: string): Buffer {
  const rate = Number(/_(\d+)/.exec(format)?.[1] ?? 44_100);
  const bytes = Math.max(256, Math.round(text.length * 0.06 * (format.startsWith('pcm') ? rate * 2 : 16_000)));
  const audio = Buffer.alloc(bytes, format.startsWith('pcm') ? 0 : 0x55);
  if (format.startsWith('mp3')) audio.write('ID3', 0, 'latin1');
  if (format.startsWith('opus')) audio.write('OggS', 0, 'latin1');
  return audio;
}
