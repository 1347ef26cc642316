/**
 * OpenAI's Audio API as the fake answers it: `/v1/audio/transcriptions` and `/translations`
 * (multipart in; json, verbose_json, text, srt, vtt or an SSE transcript stream out, with usage in
 * tokens for the gpt-4o models and seconds for whisper-1) and `/v1/audio/speech` (the audio as
 * chunked bytes, or `speech.audio.delta` SSE events).
 */
import type { FakeResponse } from './fake-response.ts';
import { fakeSpeech, uploadSeconds } from './fake-audio-bytes.ts';
import type { MultipartForm } from './read-multipart.ts';
import { openAIErrorBody } from './openai-error-body.ts';
import type { OpenAIFakeReply } from './serve-model-endpoints.ts';

export const fakeTranscript = 'The quick brown fox jumps over the lazy dog.';
export const openAIFakeVoices = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'fable', 'onyx', 'nova', 'sage', 'shimmer', 'verse', 'marin', 'cedar'];
const transcriptionModels = /^(whisper-1|gpt-4o(-mini)?-transcribe.*)$/;
const speechModels = /^(tts-1|tts-1-hd|gpt-4o-mini-tts.*)$/;

const invalid = (out: FakeResponse, message: string, param: string | null = null, code: string | null = null) =>
  out.error(400, openAIErrorBody(400, message, { param, code }));

/** Answers a scripted failure; returns false when the reply is for the audio endpoint to answer. */
async function scripted(reply: OpenAIFakeReply | undefined, out: FakeResponse): Promise<boolean> {
  if (!reply) return false;
  switch (reply.type) {
    case 'http-error':
      out.scriptedError(reply.status, reply.message, reply.retryAfterSeconds);
      return true;
    case 'hang':
      await out.aborted;
      return true;
    case 'raw':
      await out.raw(reply.status, reply.headers ?? {}, reply.body);
      return true;
    default:
      return false;
  }
}

export async function serveTranscription(
  task: 'transcribe' | 'translate',
  form: MultipartForm | undefined,
  reply: OpenAIFakeReply | undefined,
  out: FakeResponse,
): Promise<void> {
  if (!form) return invalid(out, 'Invalid Content-Type header (expected multipart/form-data).');
  if (!form.file) return invalid(out, "1 validation error for Request\nbody -> file\n  field required (type=value_error.missing)", 'file');
  const model = form.fields.model?.[0];
  if (!model) return invalid(out, 'you must provide a model parameter');
  if (!transcriptionModels.test(model)) return out.error(404, openAIErrorBody(404, `The model \`${model}\` does not exist or you do not have access to it.`));
  if (task === 'translate' && model !== 'whisper-1') return invalid(out, `The model \`${model}\` does not support translations.`, 'model');
  const format = form.fields.response_format?.[0] ?? 'json';
  if (!['json', 'text', 'srt', 'verbose_json', 'vtt', 'diarized_json'].includes(format)) return invalid(out, `Invalid value for 'response_format': '${format}'.`, 'response_format');
  const tokenBilled = model !== 'whisper-1';
  const diarize = model.startsWith('gpt-4o-transcribe-diarize');
  if (diarize) {
    // Per the API reference: json, text or diarized_json; no prompt; chunking_strategy past 30 s.
    if (!['json', 'text', 'diarized_json'].includes(format)) {
      return invalid(out, `response_format '${format}' is not compatible with model '${model}'. Use 'json', 'text' or 'diarized_json' instead.`, 'response_format', 'unsupported_value');
    }
    if (form.fields.prompt) return invalid(out, `prompt is not supported with model '${model}'.`, 'prompt', 'unsupported_parameter');
    if (!form.fields.chunking_strategy && uploadSeconds(form.file.bytes) > 30) {
      return invalid(out, 'chunking_strategy is required for diarization models when the input audio is longer than 30 seconds.', 'chunking_strategy', 'missing_required_parameter');
    }
  } else if (format === 'diarized_json') {
    return invalid(out, `response_format 'diarized_json' is not compatible with model '${model}'.`, 'response_format', 'unsupported_value');
  }
  if (tokenBilled && !diarize && format !== 'json' && format !== 'text') {
    return invalid(out, `response_format '${format}' is not compatible with model '${model}'. Use 'json' or 'text' instead.`, 'response_format', 'unsupported_value');
  }
  if (await scripted(reply, out)) return;

  const text = reply?.type === 'message' && reply.text ? reply.text : fakeTranscript;
  const seconds = uploadSeconds(form.file.bytes);
  const words = text.split(/\s+/).filter(Boolean);
  const audioTokens = Math.max(1, Math.round(seconds * 10));
  const tokenUsage = { type: 'tokens', input_tokens: audioTokens + 3, input_token_details: { text_tokens: 3, audio_tokens: audioTokens }, output_tokens: words.length + 2, total_tokens: audioTokens + 3 + words.length + 2 };
  const usage = tokenBilled ? tokenUsage : { type: 'duration', seconds: Math.ceil(seconds) };

  if (form.fields.stream?.[0] === 'true' && tokenBilled && model.startsWith('gpt-4o-transcribe-diarize')) {
    // The diarizing model streams each finished segment with its speaker.
    out.startStream();
    const half = Math.ceil(words.length / 2);
    const parts = [words.slice(0, half).join(' '), words.slice(half).join(' ')];
    for (const [index, part] of parts.entries()) {
      await out.event(JSON.stringify({ type: 'transcript.text.segment', id: `seg_00${index + 1}`, start: round((index * seconds) / 2), end: round(((index + 1) * seconds) / 2), text: part, speaker: index === 0 ? 'A' : 'B' }));
    }
    await out.event(JSON.stringify({ type: 'transcript.text.done', text, usage }));
    return out.end();
  }
  if (form.fields.stream?.[0] === 'true' && tokenBilled) {
    out.startStream();
    for (const [index, word] of words.entries()) {
      await out.event(JSON.stringify({ type: 'transcript.text.delta', delta: index === 0 ? word : ` ${word}` }));
    }
    await out.event(JSON.stringify({ type: 'transcript.text.done', text, usage }));
    return out.end();
  }

  const step = seconds / Math.max(1, words.length);
  const timed = words.map((word, index) => ({ word: word.replace(/[.,]/g, ''), start: round(index * step), end: round((index + 1) * step) }));
  switch (format) {
    case 'text':
      return out.raw(200, { 'content-type': 'text/plain; charset=utf-8' }, `${text}\n`);
    case 'srt':
      return out.raw(200, { 'content-type': 'text/plain; charset=utf-8' }, `1\n00:00:00,000 --> ${clock(seconds, ',')}\n${text}\n\n`);
    case 'vtt':
      return out.raw(200, { 'content-type': 'text/plain; charset=utf-8' }, `WEBVTT\n\n00:00:00.000 --> ${clock(seconds, '.')}\n${text}\n\n`);
    case 'verbose_json': {
      const granularities = form.fields['timestamp_granularities[]'] ?? ['segment'];
      const answer: Record<string, unknown> = { task, language: task === 'translate' ? 'english' : languageName(form.fields.language?.[0]), duration: seconds, text };
      if (granularities.includes('segment')) {
        answer.segments = [{ id: 0, seek: 0, start: 0, end: seconds, text: ` ${text}`, tokens: words.map((_, i) => 50364 + i), temperature: 0, avg_logprob: -0.2, compression_ratio: 1.1, no_speech_prob: 0.01 }];
      }
      if (granularities.includes('word')) answer.words = timed;
      answer.usage = usage;
      return out.json(200, answer);
    }
    case 'diarized_json': {
      const half = Math.ceil(words.length / 2);
      const parts = [words.slice(0, half).join(' '), words.slice(half).join(' ')];
      const segments = parts.map((part, index) => ({ type: 'transcript.text.segment', id: `seg_00${index + 1}`, start: round((index * seconds) / 2), end: round(((index + 1) * seconds) / 2), text: part, speaker: index === 0 ? 'A' : 'B' }));
      return out.json(200, { task: 'transcribe', duration: seconds, text, segments, usage });
    }
    default:
      return out.json(200, { text, usage });
  }
}

export async function serveSpeech(body: Record<string, unknown> | undefined, reply: OpenAIFakeReply | undefined, out: FakeResponse): Promise<void> {
  if (!body) return invalid(out, 'We could not parse the JSON body of your request.');
  const model = body.model;
  if (typeof model !== 'string') return invalid(out, 'you must provide a model parameter');
  if (!speechModels.test(model)) return out.error(404, openAIErrorBody(404, `The model \`${model}\` does not exist or you do not have access to it.`));
  if (typeof body.input !== 'string') return invalid(out, "Missing required parameter: 'input'.", 'input', 'missing_required_parameter');
  if (body.input.length > 4096) return invalid(out, `[{'type': 'string_too_long', 'loc': ('body', 'input'), 'msg': 'String should have at most 4096 characters'}]`, 'input', 'string_above_max_length');
  // A custom voice is referenced as {"id": "voice_…"} (the spec's VoiceIdsOrCustomVoice), for the newer models.
  const custom = typeof body.voice === 'object' && body.voice !== null ? (body.voice as { id?: unknown }).id : undefined;
  if (custom !== undefined) {
    if (typeof custom !== 'string' || !custom.startsWith('voice_') || model.startsWith('tts-1')) return invalid(out, `Invalid value for 'voice': ${JSON.stringify(body.voice)}.`, 'voice');
  } else if (typeof body.voice !== 'string' || !openAIFakeVoices.includes(body.voice)) {
    return invalid(out, `Invalid value for 'voice' = ${String(body.voice)}. Supported values are: ${openAIFakeVoices.map((v) => `'${v}'`).join(', ')}.`, 'voice');
  }
  const format = typeof body.response_format === 'string' ? body.response_format : 'mp3';
  if (!['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm'].includes(format)) return invalid(out, `Invalid value for 'response_format': '${format}'.`, 'response_format');
  const sse = body.stream_format === 'sse';
  if (sse && (model === 'tts-1' || model === 'tts-1-hd')) return invalid(out, `stream_format 'sse' is not supported for model '${model}'.`, 'stream_format');
  if (await scripted(reply, out)) return;

  const audio = fakeSpeech(body.input, format);
  const pieces = 4;
  const size = Math.ceil(audio.length / pieces);
  const chunks = Array.from({ length: pieces }, (_, i) => audio.subarray(i * size, (i + 1) * size)).filter((chunk) => chunk.length > 0);
  if (sse) {
    out.startStream();
    for (const chunk of chunks) await out.event(JSON.stringify({ type: 'speech.audio.delta', audio: chunk.toString('base64') }));
    const inputTokens = Math.ceil(body.input.length / 4);
    const outputTokens = Math.ceil(audio.length / 1000);
    await out.event(JSON.stringify({ type: 'speech.audio.done', usage: { input_tokens: inputTokens, output_tokens: outputTokens, total_tokens: inputTokens + outputTokens } }));
    return out.end();
  }
  if (reply?.type === 'stream-hang') {
    // The first bytes, then nothing until the client goes away.
    out.res.writeHead(200, { 'content-type': 'application/octet-stream', 'transfer-encoding': 'chunked' });
    out.res.write(chunks[0]);
    return out.aborted;
  }
  return out.raw(200, { 'content-type': 'application/octet-stream', 'transfer-encoding': 'chunked' }, chunks);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function clock(seconds: number, separator: string): string {
  const ms = Math.round(seconds * 1000);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}${separator}${pad(ms % 1000, 3)}`;
}

function languageName(code: string | undefined): string {
  const names: Record<string, string> = { en: 'english', de: 'german', fr: 'french', es: 'spanish' };
  return (code && names[code]) ?? 'english';
}
