/**
 * POST /v1/audio/speech: the audio relayed as the provider produces it (a byte stream), or with
 * `stream_format: "sse"` as `speech.audio.delta` / `speech.audio.done` events the gateway makes from
 * those bytes. A deployment that cannot produce the requested format is transcoded from one it can
 * (ffmpeg), said in `x-conduit-transcoded-from`.
 */
import { ProviderError, speechContentType, type SpeechAudio, type SpeechOutputFormat } from '@conduit/plugin-api';
import { z } from 'zod';
import type { RunSlots } from '../../../../engine/limits/run-slots.ts';
import type { DeploymentRoute } from '../../../../engine/state/config-snapshot.ts';
import { Prompt } from '../../../../engine/usage/prompt.ts';
import { defineEndpoint, type AnswerUsage, type ByteStreamDelivery, type Delivery, type GatewayEventsDelivery, type OpenedBytes, type OpenedEvents } from '../../../endpoint.ts';
import type { CallOptions } from '@conduit/plugin-api';
import { readJsonBody } from '../../../http/read-json-body.ts';
import { parseRequestBody } from '../schemas/parse-request-body.ts';
import { speechUsage } from './audio-usage.ts';
import { speechFit, speechPlan } from './speech-fit.ts';
import { transcodeSpeech } from './transcode-speech.ts';

const speechFormats = ['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm'] as const;

const speechRequestSchema = z.object({
  model: z.string().min(1),
  input: z.string().min(1).max(100_000),
  voice: z.union([z.string().min(1).max(255), z.object({ id: z.string().min(1).max(255) })]),
  instructions: z.string().max(10_000).optional(),
  response_format: z.enum(speechFormats).optional(),
  speed: z.number().min(0.25).max(4).optional(),
  stream_format: z.enum(['audio', 'sse']).optional(),
});

export interface SpeechInput {
  model: string;
  input: string;
  /** Characters spoken, as billed (code points). */
  characters: number;
  voice: string;
  /** The voice was asked for as `{"id": …}`, a custom voice. */
  customVoice: boolean;
  instructions: string | undefined;
  format: SpeechOutputFormat;
  speed: number | undefined;
  sse: boolean;
  /** The instance's ffmpeg runs, when the speech must be transcoded. */
  transcoding: RunSlots;
}

/** Seconds of speech a character can take at most (slow speech, ~10 characters a second at speed 1). */
const maxSecondsPerCharacter = 0.1;
/** Audio tokens a second of speech costs at most (gpt-4o-mini-tts uses ~21). */
const maxAudioTokensPerSecond = 25;

/** Asks the provider for speech, transcoding when the deployment cannot produce the format itself. */
async function openSpeech(route: DeploymentRoute, input: SpeechInput, options: CallOptions): Promise<{ audio: SpeechAudio; body: AsyncIterable<Uint8Array>; transcodedFrom?: string }> {
  const plan = speechPlan(route, { voice: input.voice, customVoice: input.customVoice, format: input.format, characters: input.characters });
  if ('lacks' in plan) throw new ProviderError({ code: 'unsupported', message: `Provider ${route.provider.name} cannot serve this speech request: it lacks ${plan.lacks}`, retryable: false });
  const speak = route.audio!.client.speak!.bind(route.audio!.client);
  const request: Parameters<typeof speak>[0] = { model: route.providerModel, input: input.input, voice: plan.voice, format: plan.producedFormat };
  if (plan.customVoice) request.customVoice = true;
  if (input.instructions) request.instructions = input.instructions;
  if (input.speed !== undefined) request.speed = input.speed;
  if (plan.producedFormat === input.format) {
    const audio = await speak(request, options);
    return { audio, body: audio.body };
  }
  // A run is secured before the provider is asked (and paid) for speech that could not be transcoded.
  const slot = await input.transcoding.acquire(options.signal);
  let audio: SpeechAudio;
  try {
    audio = await speak(request, options);
  } catch (error) {
    slot.release();
    throw error;
  }
  return { audio, body: transcodeSpeech(audio.body, plan.producedFormat, input.format, { slot, signal: options.signal }), transcodedFrom: plan.producedFormat };
}

const usageOf = (audio: SpeechAudio, input: SpeechInput): AnswerUsage => speechUsage(audio.usage?.(), input.characters);

const speechBytes: ByteStreamDelivery<SpeechInput> = {
  kind: 'byte-stream',
  async open(route, input, options) {
    const { audio, body, transcodedFrom } = await openSpeech(route, input, options);
    const opened: OpenedBytes = {
      contentType: transcodedFrom ? speechContentType(input.format) : audio.contentType || speechContentType(input.format),
      body,
      usage: () => usageOf(audio, input),
    };
    if (transcodedFrom) opened.headers = { 'x-conduit-transcoded-from': transcodedFrom };
    return opened;
  },
};

const speechEvents: GatewayEventsDelivery<SpeechInput> = {
  kind: 'gateway-events',
  async open(route, input, options) {
    const { audio, body, transcodedFrom } = await openSpeech(route, input, options);
    const opened: OpenedEvents = {
      events: (async function* () {
        for await (const chunk of body) {
          if (chunk.length > 0) yield { type: 'speech.audio.delta', audio: Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('base64') };
        }
        const tokens = usageOf(audio, input).usage;
        yield {
          type: 'speech.audio.done',
          usage: { input_tokens: tokens.prompt_tokens, output_tokens: tokens.completion_tokens, total_tokens: tokens.total_tokens },
        };
      })(),
      usage: () => usageOf(audio, input),
    };
    if (transcodedFrom) opened.headers = { 'x-conduit-transcoded-from': transcodedFrom };
    return opened;
  },
};

export const speechEndpoint = defineEndpoint<SpeechInput>({
  name: 'audio/speech',
  permission: 'AUDIO_SPEECH',
  parse: async (exchange, limits) => {
    const body = parseRequestBody(speechRequestSchema, await readJsonBody(exchange, limits.bodyLimitBytes));
    return {
      model: body.model,
      input: body.input,
      characters: [...body.input].length,
      voice: typeof body.voice === 'string' ? body.voice : body.voice.id,
      customVoice: typeof body.voice !== 'string',
      instructions: body.instructions,
      format: body.response_format ?? 'mp3',
      speed: body.speed,
      sse: body.stream_format === 'sse',
      transcoding: limits.transcoding,
    };
  },
  route: (input) => {
    const seconds = (input.characters * maxSecondsPerCharacter) / (input.speed ?? 1);
    const needs = { voice: input.voice, customVoice: input.customVoice, format: input.format, characters: input.characters };
    return {
      model: input.model,
      stream: true,
      capabilities: [],
      fit: (route) => speechFit(route, needs),
      estimate: {
        prompt: new Prompt(input.instructions ? [input.input, input.instructions] : [input.input]),
        maxOutputTokens: Math.ceil(seconds * maxAudioTokensPerSecond),
        audio: { characters: input.characters, outputSeconds: seconds },
      },
    };
  },
  delivery: (input): Delivery<SpeechInput> => (input.sse ? speechEvents : speechBytes),
});
