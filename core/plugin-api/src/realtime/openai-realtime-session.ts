/**
 * A near pass-through session to an OpenAI Realtime (GA) WebSocket, for OpenAI itself and for
 * services speaking the same protocol at another URL (Azure OpenAI). Client events go on as they
 * are, after a check of their type (unknown types and `output_audio_buffer.clear`, which only
 * WebRTC/SIP sessions take, are refused here rather than at the provider); server events come back
 * as they are — the text of each as it came, never serialised again (appends and audio deltas are
 * large). Usage: the tokens of each `response.done`, audio seconds counted from the audio passing
 * both ways in the session's formats, and the usage of each input transcription
 * (`conversation.item.input_audio_transcription.completed`), billed to the transcription model.
 */
import { base64AudioByteLength } from '../audio/audio-framing.ts';
import { createAudioSecondsCounter } from '../audio/audio-seconds-counter.ts';
import { ProviderError } from '../provider-error.ts';
import type { CallOptions } from '../provider-plugin.ts';
import type {
  RealtimeAudioFormat,
  RealtimeClientEvent,
  RealtimeSessionConfig,
  RealtimeSessionEvents,
  RealtimeTranslatorContext,
  RealtimeTranslatorSession,
  RealtimeUpstreamSocket,
} from '../realtime-translator-plugin.ts';
import { openAIRealtimeUsage } from './openai-realtime-usage.ts';
import { openAITranscriptionCompletedEvent, openAITranscriptionModel, openAITranscriptionUsage } from './openai-realtime-transcription.ts';
import { assertUpstreamKeepsUp, defaultMaxUpstreamBufferedBytes, invalidClientEvent, malformedUpstreamEvent, unsupportedClientEvent } from './realtime-error-event.ts';

/** Client event types of the GA protocol a WebSocket session accepts. */
export const openAIRealtimeClientEventTypes: ReadonlySet<string> = new Set([
  'session.update',
  'input_audio_buffer.append',
  'input_audio_buffer.commit',
  'input_audio_buffer.clear',
  'conversation.item.create',
  'conversation.item.retrieve',
  'conversation.item.truncate',
  'conversation.item.delete',
  'response.create',
  'response.cancel',
]);

export interface OpenAIRealtimeConnection {
  context: Pick<RealtimeTranslatorContext, 'openWebSocket'>;
  /** The `wss://` URL of the session, model or deployment included. */
  url: string;
  /** Authentication and any extra headers (never logged). */
  headers: Record<string, string>;
  /** For messages: `OpenAI`, `Azure OpenAI`. */
  providerLabel: string;
  /** Bytes waiting to be written to the provider before client events are refused. Default 4 MiB. */
  maxBufferedBytes?: number;
  /** How long to wait for the provider's `session.created`. Default 15 s. */
  firstEventTimeoutMs?: number;
}

const bytesPerSecond = (format: RealtimeAudioFormat | undefined): number =>
  !format || format.type === 'audio/pcm' ? 2 * (format?.rate ?? 24000) : 8000;

/** Formats named by the beta protocol (a dated preview api-version on Azure), flat on the session. */
const betaFormats: Record<string, RealtimeAudioFormat> = {
  pcm16: { type: 'audio/pcm', rate: 24000 },
  g711_ulaw: { type: 'audio/pcmu' },
  g711_alaw: { type: 'audio/pcma' },
};

function formatOf(session: unknown, direction: 'input' | 'output'): RealtimeAudioFormat | undefined {
  const audio = (session as { audio?: Record<string, { format?: unknown } | undefined> } | undefined)?.audio;
  const format = audio?.[direction]?.format as RealtimeAudioFormat | undefined;
  if (format && typeof format === 'object' && typeof format.type === 'string') return format;
  const beta = (session as Record<string, unknown> | undefined)?.[`${direction}_audio_format`];
  return typeof beta === 'string' ? betaFormats[beta] : undefined;
}

export async function connectOpenAIRealtime(
  connection: OpenAIRealtimeConnection,
  config: RealtimeSessionConfig,
  events: RealtimeSessionEvents,
  call: CallOptions,
): Promise<RealtimeTranslatorSession> {
  const label = connection.providerLabel;
  const maxBuffered = connection.maxBufferedBytes ?? defaultMaxUpstreamBufferedBytes;
  const socket = await connection.context.openWebSocket(connection.url, { headers: connection.headers, signal: call.signal });
  let inputFormat = formatOf(config.session, 'input');
  let outputFormat = formatOf(config.session, 'output');
  let inputSeconds = createAudioSecondsCounter(bytesPerSecond(inputFormat));
  let outputSeconds = createAudioSecondsCounter(bytesPerSecond(outputFormat));
  // The transcription model as the client asked for it and as the provider reported its session: a
  // model the provider reported wins, so that an update it refused does not change the bill; the
  // client's is the guess when the provider's session events do not name one.
  let requestedTranscription = openAITranscriptionModel(config.session);
  let reportedTranscription: string | null | undefined;
  const transcriptionModel = (): string | undefined => (typeof reportedTranscription === 'string' ? reportedTranscription : (requestedTranscription ?? undefined));
  let closing = false;
  let closedReported = false;
  // Responses begun (response.created) and not yet done: a close, even a normal one, while one is
  // open cut an answer off.
  const openResponses = new Set<string>();

  const reportAudio = (): void => {
    const inputAudioSeconds = inputSeconds.take();
    const outputAudioSeconds = outputSeconds.take();
    if (inputAudioSeconds > 0 || outputAudioSeconds > 0) events.usage({ inputAudioSeconds, outputAudioSeconds });
  };
  const applyFormats = (session: unknown): void => {
    const input = formatOf(session, 'input');
    const output = formatOf(session, 'output');
    if (input && bytesPerSecond(input) !== bytesPerSecond(inputFormat)) {
      reportAudio();
      inputFormat = input;
      inputSeconds = createAudioSecondsCounter(bytesPerSecond(input));
    }
    if (output && bytesPerSecond(output) !== bytesPerSecond(outputFormat)) {
      reportAudio();
      outputFormat = output;
      outputSeconds = createAudioSecondsCounter(bytesPerSecond(output));
    }
  };

  const iterator = socket.messages[Symbol.asyncIterator]();
  const first = await waitForSessionCreated(iterator, socket, label, connection.firstEventTimeoutMs ?? 15_000, call.signal);
  events.send(first);
  applyFormats(first.session);
  reportedTranscription = openAITranscriptionModel(first.session);
  if (Object.keys(config.session).length > 0) {
    socket.send(JSON.stringify({ type: 'session.update', session: { type: 'realtime', ...config.session } }));
  }

  const pump = (async () => {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      const message = next.value;
      if (typeof message !== 'string') {
        events.send(malformedUpstreamEvent(label, 'a binary frame'));
        continue;
      }
      const event = parseServerEvent(message);
      if (!event) {
        events.send(malformedUpstreamEvent(label, 'not a JSON event with a type'));
        continue;
      }
      // `response.audio.delta`: the beta protocol's name, spoken at dated preview api-versions.
      if ((event.type === 'response.output_audio.delta' || event.type === 'response.audio.delta') && typeof event.delta === 'string') {
        outputSeconds.add(base64ByteLength(event.delta));
      } else if (event.type === 'session.updated') {
        applyFormats(event.session);
        const reported = openAITranscriptionModel(event.session);
        if (reported !== undefined) reportedTranscription = reported;
      }
      events.send(event, message);
      if (event.type === 'response.created') {
        openResponses.add(responseIdOf(event));
      } else if (event.type === 'response.done') {
        openResponses.delete(responseIdOf(event));
        const usage = openAIRealtimeUsage((event.response as { usage?: unknown } | undefined)?.usage);
        if (usage) events.usage(usage);
        reportAudio();
      } else if (event.type === openAITranscriptionCompletedEvent) {
        const transcription = openAITranscriptionUsage(event.usage, transcriptionModel());
        if (transcription) events.usage({ transcription });
      }
    }
  })().catch(() => undefined);

  void socket.closed.then(async ({ code, reason }) => {
    await pump;
    reportAudio();
    if (closedReported) return;
    closedReported = true;
    if (closing || (code === 1000 && openResponses.size === 0)) events.closed();
    else
      events.closed(
        new ProviderError({
          code: 'connection',
          phase: 'mid-stream',
          message: `${label} closed the realtime session${openResponses.size > 0 ? ' in the middle of a response' : ''} (code ${code}${reason ? `: ${reason.slice(0, 200)}` : ''})`,
        }),
      );
  });

  return {
    handleClientEvent(event: RealtimeClientEvent, json?: string) {
      if (!openAIRealtimeClientEventTypes.has(event.type)) {
        throw unsupportedClientEvent(
          event,
          label,
          event.type === 'output_audio_buffer.clear' ? 'it applies to WebRTC and SIP sessions only' : 'not a client event of the Realtime protocol',
        );
      }
      if (event.type === 'input_audio_buffer.append') {
        if (typeof event.audio !== 'string') throw invalidClientEvent(event, 'audio', 'audio must be a base64 string');
        let bytes: number;
        try {
          bytes = base64AudioByteLength(event.audio);
        } catch {
          throw invalidClientEvent(event, 'audio', 'audio is not valid base64');
        }
        inputSeconds.add(bytes);
      } else if (event.type === 'session.update') {
        applyFormats(event.session);
        const requested = openAITranscriptionModel(event.session);
        if (requested !== undefined) requestedTranscription = requested;
      }
      assertUpstreamKeepsUp(socket, label, maxBuffered);
      socket.send(json ?? JSON.stringify(event));
    },
    async close() {
      if (!closing) {
        closing = true;
        socket.close(1000, 'session ended');
      }
      const timer = setTimeout(() => socket.close(1001, 'closing'), 2000);
      await socket.closed;
      clearTimeout(timer);
      await pump;
      reportAudio();
    },
  };
}

function responseIdOf(event: { [field: string]: unknown }): string {
  const id = (event.response as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : '';
}

function parseServerEvent(text: string): { type: string; [field: string]: unknown } | undefined {
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === 'object' && typeof (parsed as { type?: unknown }).type === 'string') {
      return parsed as { type: string };
    }
  } catch {
    // not JSON
  }
  return undefined;
}

async function waitForSessionCreated(
  iterator: AsyncIterator<string | Uint8Array>,
  socket: RealtimeUpstreamSocket,
  label: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<{ type: string; session?: unknown; [field: string]: unknown }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ProviderError({ code: 'timeout', message: `${label} sent no session.created within ${timeoutMs} ms` })),
      timeoutMs,
    );
  });
  try {
    const next = await Promise.race([iterator.next(), timeout]);
    if (next.done) {
      const { code, reason } = await socket.closed;
      throw new ProviderError({ code: 'connection', message: `${label} closed the realtime session at once (code ${code}${reason ? `: ${reason.slice(0, 200)}` : ''})` });
    }
    const event = typeof next.value === 'string' ? parseServerEvent(next.value) : undefined;
    if (event?.type === 'session.created') return event;
    if (event?.type === 'error') {
      const error = event.error as { message?: unknown; code?: unknown } | undefined;
      throw new ProviderError({
        code: 'bad_request',
        retryable: false,
        providerCode: typeof error?.code === 'string' ? error.code : undefined,
        message: `${label} refused the realtime session: ${typeof error?.message === 'string' ? error.message.slice(0, 500) : 'no message'}`,
      });
    }
    throw new ProviderError({ code: 'invalid_response', message: `${label} did not start the session with session.created` });
  } catch (error) {
    socket.close(1000, 'session not started');
    if (signal.aborted) throw new ProviderError({ code: 'aborted', retryable: false, message: 'The realtime connection was aborted', cause: error });
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** Decoded length of base64 text, without decoding it. */
function base64ByteLength(text: string): number {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return Math.floor((text.length * 3) / 4) - padding;
}
