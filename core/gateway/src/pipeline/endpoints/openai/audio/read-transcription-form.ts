/**
 * Reads and validates a transcription or translation request: the multipart form (streamed, the file
 * held once, larger than the limit a 413), its fields with OpenAI's names and errors, and the file
 * judged by the gateway (format from the bytes or the filename, duration measured).
 */
import type { TranscriptFormat } from '@conduit/plugin-api';
import { invalidRequest } from '../../../../domain/gateway-error.ts';
import type { InputLimits } from '../../../endpoint.ts';
import type { Exchange } from '../../../exchange.ts';
import { readMultipart, type HeldFile } from '../../../http/read-multipart.ts';
import { probeAudio, type ProbedAudio } from './probe-audio.ts';

export interface TranscriptionInput {
  task: 'transcribe' | 'translate';
  model: string;
  file: HeldFile;
  probed: ProbedAudio;
  language: string | undefined;
  prompt: string | undefined;
  temperature: number | undefined;
  responseFormat: TranscriptFormat;
  granularities: Array<'word' | 'segment'>;
  stream: boolean;
}

const transcriptFormats: readonly TranscriptFormat[] = ['json', 'text', 'srt', 'verbose_json', 'vtt'];

export async function readTranscriptionForm(exchange: Exchange, limits: InputLimits, task: 'transcribe' | 'translate'): Promise<TranscriptionInput> {
  const form = await readMultipart(exchange.request, { maxFileBytes: limits.audioFileLimitBytes });
  const upload = form.file?.upload;
  // The request is done with the upload once its response is: sent, failed or abandoned by the client.
  if (upload) {
    if (exchange.response.closed) upload.release();
    else exchange.response.once('close', () => upload.release());
  }
  const field = (name: string): string | undefined => {
    const value = form.fields.get(name)?.[0];
    return value === undefined || value === '' ? undefined : value;
  };
  const model = field('model');
  if (!model) throw invalidRequest("Missing required parameter: 'model'.", 'model', 'missing_required_parameter');
  if (!form.file || form.file.field !== 'file') throw invalidRequest("Missing required parameter: 'file'.", 'file', 'missing_required_parameter');

  const responseFormat = (field('response_format') ?? 'json') as TranscriptFormat;
  if (!transcriptFormats.includes(responseFormat)) {
    throw invalidRequest(`Invalid value for 'response_format': '${responseFormat}'. Supported values are: ${transcriptFormats.map((f) => `'${f}'`).join(', ')}.`, 'response_format', 'invalid_value');
  }
  const temperatureText = field('temperature');
  const temperature = temperatureText === undefined ? undefined : Number(temperatureText);
  if (temperature !== undefined && !(Number.isFinite(temperature) && temperature >= 0 && temperature <= 1)) {
    throw invalidRequest(`Invalid value for 'temperature': '${temperatureText}'. Expected a number from 0 to 1.`, 'temperature', 'invalid_value');
  }
  const granularities = [...(form.fields.get('timestamp_granularities[]') ?? []), ...(form.fields.get('timestamp_granularities') ?? [])];
  for (const granularity of granularities) {
    if (granularity !== 'word' && granularity !== 'segment') {
      throw invalidRequest(`Invalid value for 'timestamp_granularities[]': '${granularity}'. Supported values are: 'word', 'segment'.`, 'timestamp_granularities[]', 'invalid_value');
    }
  }
  const streamText = field('stream');
  if (streamText !== undefined && streamText !== 'true' && streamText !== 'false') {
    throw invalidRequest(`Invalid value for 'stream': '${streamText}'. Expected 'true' or 'false'.`, 'stream', 'invalid_value');
  }
  const language = task === 'transcribe' ? field('language') : undefined;
  if (language !== undefined && !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?$/.test(language)) {
    throw invalidRequest(`Invalid value for 'language': '${language}'. Use an ISO-639-1 code such as 'en'.`, 'language', 'invalid_value');
  }
  const probed = await probeAudio(form.file);
  return {
    task,
    model,
    file: form.file,
    probed,
    language,
    prompt: field('prompt'),
    temperature,
    responseFormat,
    granularities: granularities as Array<'word' | 'segment'>,
    stream: streamText === 'true',
  };
}
