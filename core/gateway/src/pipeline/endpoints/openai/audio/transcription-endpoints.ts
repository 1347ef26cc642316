/** POST /v1/audio/transcriptions and /v1/audio/translations: one declaration, by task. */
import { ProviderError, type AudioFile, type Transcription, type TranscriptionEvent, type TranscriptionRequest } from '@conduit/plugin-api';
import type { DeploymentRoute } from '../../../../engine/state/config-snapshot.ts';
import { Prompt } from '../../../../engine/usage/prompt.ts';
import { answerDelivery, defineEndpoint, type AnswerUsage, type Delivery, type GatewayEventsDelivery } from '../../../endpoint.ts';
import { openAITranscriptionUsage, transcriptionUsage } from './audio-usage.ts';
import { readTranscriptionForm, type TranscriptionInput } from './read-transcription-form.ts';
import { isAnswerBody, renderTranscript } from './render-transcript.ts';
import { transcriptionFit } from './transcription-fit.ts';

/** Transcript tokens a second of speech can hold at most (fast speech is ~4), for the reservation. */
const maxTranscriptTokensPerSecond = 8;

/** The upload for one attempt: the held bytes, sent again from the start. */
function audioFile(input: TranscriptionInput): AudioFile {
  const file: AudioFile = {
    body: input.file.upload.read(),
    filename: input.file.filename || `audio.${input.probed.format}`,
    format: input.probed.format,
    contentType: input.probed.contentType,
    bytes: input.file.bytes,
  };
  if (input.probed.durationSeconds !== undefined) file.durationSeconds = input.probed.durationSeconds;
  return file;
}

function pluginRequest(route: DeploymentRoute, input: TranscriptionInput): TranscriptionRequest {
  const request: TranscriptionRequest = { model: route.providerModel, file: audioFile(input), responseFormat: input.responseFormat };
  if (input.language) request.language = input.language;
  if (input.prompt) request.prompt = input.prompt;
  if (input.temperature !== undefined) request.temperature = input.temperature;
  if (input.granularities.length > 0) request.timestampGranularities = input.granularities;
  return request;
}

function audioClientOf(route: DeploymentRoute) {
  const audio = route.audio;
  if (!audio) throw new ProviderError({ code: 'unsupported', message: `Provider ${route.provider.name} has no audio plugin`, retryable: false });
  return audio.client;
}

async function transcribeOnce(route: DeploymentRoute, input: TranscriptionInput, options: Parameters<NonNullable<ReturnType<typeof audioClientOf>['transcribe']>>[1]): Promise<Transcription> {
  const client = audioClientOf(route);
  const call = input.task === 'translate' ? client.translate?.bind(client) : client.transcribe?.bind(client);
  if (!call) throw new ProviderError({ code: 'unsupported', message: `Provider ${route.provider.name} does not offer ${input.task === 'translate' ? 'translation' : 'transcription'}`, retryable: false });
  const { language: _language, timestampGranularities: _granularities, ...translation } = pluginRequest(route, input);
  const transcription: unknown = await (input.task === 'translate' ? call(translation, options) : call(pluginRequest(route, input), options));
  if (transcription === null || typeof transcription !== 'object' || typeof (transcription as Transcription).text !== 'string') {
    throw new ProviderError({ code: 'invalid_response', message: `Provider ${route.provider.name} answered a transcription without text` });
  }
  return transcription as Transcription;
}

const measuredSeconds = (input: TranscriptionInput, transcription?: Transcription): number =>
  input.probed.durationSeconds ?? transcription?.durationSeconds ?? input.probed.maxDurationSeconds;

/** A transcript answered at once, rendered in the requested format. */
function transcriptAnswer(input: TranscriptionInput): Delivery<TranscriptionInput> {
  const usageOf = (transcription: Transcription): AnswerUsage => transcriptionUsage(transcription.usage, measuredSeconds(input, transcription));
  return answerDelivery<TranscriptionInput, Transcription>({
    kind: 'answer',
    call: (route, request, options) => transcribeOnce(route, request, options),
    usage: (transcription) => usageOf(transcription),
    render: (transcription) => {
      const rendered = renderTranscript(transcription, {
        task: input.task,
        format: input.responseFormat,
        granularities: input.granularities,
        language: input.language,
        durationSeconds: input.probed.durationSeconds,
        usage: openAITranscriptionUsage(usageOf(transcription)),
      });
      return isAnswerBody(rendered) ? rendered : { contentType: 'application/json; charset=utf-8', body: JSON.stringify(rendered) };
    },
  });
}

/** `stream: true`: transcript deltas as OpenAI's `transcript.text.delta` / `.done` events. */
const transcriptEvents: GatewayEventsDelivery<TranscriptionInput> = {
  kind: 'gateway-events',
  async open(route, input, options) {
    const client = audioClientOf(route);
    const streams = input.task === 'transcribe' && route.audio?.capabilities.transcribeStream && client.transcribeStream;
    const source: AsyncIterable<TranscriptionEvent> = streams
      ? client.transcribeStream!(pluginRequest(route, input), options)
      : (async function* () {
          // The deployment cannot stream: the whole transcript is one delta.
          const transcription = await transcribeOnce(route, input, options);
          yield { type: 'delta', text: transcription.text } as const;
          yield { type: 'done', transcription } as const;
        })();
    let done: Transcription | undefined;
    let text = '';
    const usage = (): AnswerUsage => transcriptionUsage(done?.usage, measuredSeconds(input, done));
    return {
      events: (async function* () {
        for await (const event of source) {
          if (event.type === 'delta') {
            text += event.text;
            yield { type: 'transcript.text.delta', delta: event.text };
          } else {
            done = event.transcription;
            const answer = openAITranscriptionUsage(usage());
            yield { type: 'transcript.text.done', text: done.text ?? text, ...(answer ? { usage: answer } : {}) };
          }
        }
        if (!done) throw new ProviderError({ code: 'invalid_response', message: `Provider ${route.provider.name} ended the transcript without its end` });
      })(),
      usage,
    };
  },
};

function transcriptionEndpoint(task: 'transcribe' | 'translate') {
  return defineEndpoint<TranscriptionInput>({
    name: task === 'translate' ? 'audio/translations' : 'audio/transcriptions',
    permission: task === 'translate' ? 'AUDIO_TRANSLATION' : 'AUDIO_TRANSCRIPTION',
    parse: (exchange, limits) => readTranscriptionForm(exchange, limits, task),
    route: (input) => {
      const seconds = input.probed.maxDurationSeconds;
      const needs = { task, language: input.language, format: input.probed.format, bytes: input.file.bytes, stream: input.stream };
      return {
        model: input.model,
        stream: input.stream,
        capabilities: [],
        fit: (route) => transcriptionFit(route, needs),
        estimate: {
          prompt: new Prompt(input.prompt ? [input.prompt] : [], { images: 0, audioSeconds: seconds }),
          maxOutputTokens: Math.ceil(seconds * maxTranscriptTokensPerSecond) + 64,
          audio: { inputSeconds: seconds },
        },
      };
    },
    delivery: (input) => (input.stream ? (transcriptEvents as Delivery<TranscriptionInput>) : transcriptAnswer(input)),
  });
}

export const transcriptionsEndpoint = transcriptionEndpoint('transcribe');
export const translationsEndpoint = transcriptionEndpoint('translate');
