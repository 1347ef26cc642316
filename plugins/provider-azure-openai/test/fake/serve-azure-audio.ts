/**
 * Azure OpenAI's audio deployments as the fake answers them: `audio/transcriptions` and
 * `audio/translations` (multipart in; json, verbose_json, text, srt or vtt out, or a transcript SSE
 * stream for gpt-4o-transcribe deployments) and `audio/speech` (chunked audio bytes). The deployment
 * in the path decides the model; an unknown one is Azure's `DeploymentNotFound`, an operation the
 * model lacks is its `OperationNotSupported`.
 */
import type { ServerResponse } from 'node:http';
import { readMultipart } from '../../../provider-openai/test/fake-openai/read-multipart.ts';

export const fakeAzureTranscript = 'Hello from the fake Azure OpenAI audio deployment.';
/** The fake resource's audio deployments and the model each serves. */
export const fakeAzureAudioDeployments: Readonly<Record<string, string>> = {
  whisper: 'whisper',
  'gpt-4o-mini-transcribe': 'gpt-4o-mini-transcribe',
  tts: 'tts',
  'tts-hd': 'tts-hd',
  'gpt-4o-mini-tts': 'gpt-4o-mini-tts',
};
const voices = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'fable', 'onyx', 'nova', 'sage', 'shimmer', 'verse'];
const contentTypes: Record<string, string> = { mp3: 'audio/mpeg', opus: 'audio/ogg', aac: 'audio/aac', flac: 'audio/flac', wav: 'audio/wav', pcm: 'audio/pcm' };

type Send = (status: number, body: unknown) => void;
export type AzureAudioOperation = 'transcriptions' | 'translations' | 'speech';

export async function serveAzureAudio(
  operation: AzureAudioOperation,
  deployment: string,
  headers: Record<string, string | string[] | undefined>,
  raw: Buffer,
  response: ServerResponse,
  commonHeaders: Record<string, string>,
  send: Send,
): Promise<void> {
  const model = fakeAzureAudioDeployments[deployment];
  if (!model) {
    return send(404, {
      error: {
        code: 'DeploymentNotFound',
        message: 'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.',
      },
    });
  }
  const speaks = model.includes('tts');
  const fits = operation === 'speech' ? speaks : !speaks && (operation === 'transcriptions' || model === 'whisper');
  if (!fits) {
    const name = { transcriptions: 'audioTranscription', translations: 'audioTranslation', speech: 'audioSpeech' }[operation];
    return send(400, {
      error: {
        code: 'OperationNotSupported',
        message: `The ${name} operation does not work with the specified model, ${model}. Please choose different model and try again.`,
      },
    });
  }
  if (operation === 'speech') return speak(raw, model, response, commonHeaders, send);

  const form = await readMultipart(headers, raw);
  if (!form) return send(400, { error: { code: 'BadRequest', message: 'Invalid Content-Type header (expected multipart/form-data).' } });
  if (!form.file || form.file.bytes.length === 0) return send(400, { error: { code: 'invalid_payload', message: "'file' is required and must not be empty." } });
  const format = form.fields.response_format?.[0] ?? 'json';
  if (model !== 'whisper' && format !== 'json' && format !== 'text') {
    // gpt-4o(-mini)-transcribe answer json or text only, as on OpenAI.
    return send(400, {
      error: { message: `response_format '${format}' is not compatible with model '${model}'. Use 'json' or 'text' instead.`, type: 'invalid_request_error', param: 'response_format', code: 'unsupported_value' },
    });
  }
  const seconds = Math.round((form.file.bytes.length / 32_000) * 100) / 100;
  const text = fakeAzureTranscript;
  if (form.fields.stream?.[0] === 'true' && model !== 'whisper') {
    response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', ...commonHeaders });
    for (const [index, word] of text.split(' ').entries()) {
      response.write(`data: ${JSON.stringify({ type: 'transcript.text.delta', delta: index === 0 ? word : ` ${word}` })}\n\n`);
    }
    const usage = { type: 'tokens', input_tokens: 20, input_token_details: { text_tokens: 0, audio_tokens: 20 }, output_tokens: 9, total_tokens: 29 };
    response.end(`data: ${JSON.stringify({ type: 'transcript.text.done', text, usage })}\n\n`);
    return;
  }
  if (format === 'text' || format === 'srt' || format === 'vtt') {
    const body = format === 'text' ? `${text}\n` : format === 'srt' ? `1\n00:00:00,000 --> 00:00:01,000\n${text}\n\n` : `WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n${text}\n\n`;
    response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', ...commonHeaders });
    response.end(body);
    return;
  }
  if (format === 'verbose_json') {
    return send(200, {
      task: operation === 'translations' ? 'translate' : 'transcribe',
      language: 'english',
      duration: seconds,
      text,
      segments: [{ id: 0, seek: 0, start: 0, end: seconds, text: ` ${text}`, tokens: [50364], temperature: 0, avg_logprob: -0.2, compression_ratio: 1.1, no_speech_prob: 0.01 }],
    });
  }
  return send(200, { text });
}

function speak(raw: Buffer, model: string, response: ServerResponse, commonHeaders: Record<string, string>, send: Send): void {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
  } catch {
    return send(400, { error: { code: 'BadRequest', message: 'We could not parse the JSON body of your request.' } });
  }
  if (typeof body.input !== 'string' || body.input === '') return send(400, { error: { code: 'BadRequest', message: "'input' is a required property" } });
  if (typeof body.voice !== 'string' || !voices.includes(body.voice)) {
    return send(400, { error: { code: 'BadRequest', message: `Invalid value for 'voice' = ${String(body.voice)}. Supported values are: ${voices.join(', ')}.`, param: 'voice' } });
  }
  const format = typeof body.response_format === 'string' ? body.response_format : 'mp3';
  if (!contentTypes[format]) return send(400, { error: { code: 'BadRequest', message: `Invalid value for 'response_format': '${format}'.` } });
  // A tone-length stand-in for speech: ID3 magic and filler, in four pieces as a chunked answer.
  const audio = Buffer.alloc(Math.max(256, body.input.length * 200), 0x55);
  audio.write(format === 'wav' ? 'RIFF' : 'ID3', 0);
  response.writeHead(200, { 'content-type': contentTypes[format]!, 'transfer-encoding': 'chunked', 'x-model': model, ...commonHeaders });
  const size = Math.ceil(audio.length / 4);
  for (let offset = 0; offset < audio.length; offset += size) response.write(audio.subarray(offset, offset + size));
  response.end();
}
