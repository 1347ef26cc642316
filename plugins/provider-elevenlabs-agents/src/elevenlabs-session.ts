/**
 * One OpenAI Realtime session served by an ElevenLabs Agents conversation. At connect:
 * `conversation_initiation_client_data` (instructions, voice, text-only as overrides), then the
 * server's `conversation_initiation_metadata` gives the audio formats (16 kHz PCM by default),
 * and only then `session.created` goes to the client. Client → agent: audio as
 * `user_audio_chunk` (converted to the agent's input format), user text as `user_message`,
 * function results as `client_tool_result`. Agent → client: `audio` as
 * `response.output_audio.delta` (converted to the client's format), `agent_response` as the
 * turn's transcript, `user_transcript` as input transcription, `client_tool_call` as a function
 * call, `interruption` as `speech_started` and a cancelled `response.done`. `ping` is answered
 * here with `pong`. The agent detects turns and answers itself: a turn ends when the user speaks
 * again, is interrupted, or the session ends. Usage: billed time, prorated, every 15 s.
 */
import {
  audioFromBase64,
  assertUpstreamKeepsUp,
  audioToBase64,
  createAudioConverter,
  createAudioSecondsCounter,
  createResponseEmitter,
  invalidClientEvent,
  malformedUpstreamEvent,
  mergeSession,
  ProviderError,
  realtimeErrorEvent,
  realtimeEventId,
  startSessionClock,
  synthesizedSession,
  unsupportedClientEvent,
  type CallOptions,
  type RealtimeAudioFormat,
  type RealtimeClientEvent,
  type RealtimeSessionConfig,
  type RealtimeSessionEvents,
  type RealtimeTranslatorContext,
  type RealtimeTranslatorSession,
  type RealtimeUpstreamSocket,
} from '@conduit/plugin-api';
import { elevenLabsFormat } from './elevenlabs-audio-format.ts';
import { elevenLabsSignedUrl } from './elevenlabs-signed-url.ts';

const label = 'ElevenLabs';
const pcm24k: RealtimeAudioFormat = { type: 'audio/pcm', rate: 24000 };
const pcm16k: RealtimeAudioFormat = { type: 'audio/pcm', rate: 16000 };
/** How often elapsed session time is reported (ElevenLabs bills agent time per minute, prorated). */
export const elevenLabsUsageIntervalSeconds = 15;
const fixedFields = ['instructions', 'tools', 'model'] as const;

const bytesPerSecond = (format: RealtimeAudioFormat): number => (format.type === 'audio/pcm' ? 2 * (format.rate ?? 24000) : 8000);

function formatOf(session: Readonly<Record<string, unknown>>, direction: 'input' | 'output'): RealtimeAudioFormat {
  const format = (session.audio as Record<string, { format?: RealtimeAudioFormat } | undefined> | undefined)?.[direction]?.format;
  return format && typeof format.type === 'string' ? format : pcm24k;
}

function initiation(session: Readonly<Record<string, unknown>>, voiceOption: string | undefined): Record<string, unknown> {
  const agent: Record<string, unknown> = {};
  if (typeof session.instructions === 'string' && session.instructions) agent.prompt = { prompt: session.instructions };
  const voice = (session.audio as { output?: { voice?: unknown } } | undefined)?.output?.voice;
  const voiceId = typeof voice === 'string' ? voice : voiceOption;
  const textOnly = Array.isArray(session.output_modalities) && session.output_modalities.length === 1 && session.output_modalities[0] === 'text';
  const override: Record<string, unknown> = {};
  if (Object.keys(agent).length > 0) override.agent = agent;
  if (voiceId) override.tts = { voice_id: voiceId };
  if (textOnly) override.conversation = { text_only: true };
  return { type: 'conversation_initiation_client_data', conversation_config_override: override, source_info: { source: 'conduit' } };
}

/** An event's numeric `event_id` (ElevenLabs' client also accepts numeric strings); -1 when missing. */
function eventIdOf(event: Record<string, unknown> | undefined): number {
  const id = typeof event?.event_id === 'string' ? Number.parseInt(event.event_id, 10) : event?.event_id;
  return typeof id === 'number' && Number.isFinite(id) ? id : -1;
}

async function awaitMetadata(socket: RealtimeUpstreamSocket, iterator: AsyncIterator<string | Uint8Array>, signal: AbortSignal): Promise<Record<string, unknown>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProviderError({ code: 'timeout', message: 'ElevenLabs sent no conversation_initiation_metadata within 15 s' })), 15_000);
  });
  try {
    while (true) {
      const next = await Promise.race([iterator.next(), timeout]);
      if (next.done) {
        const { code, reason } = await socket.closed;
        throw new ProviderError({
          code: code === 1008 ? 'authentication' : 'connection',
          message: `ElevenLabs closed the conversation before it started (code ${code}${reason ? `: ${reason.slice(0, 200)}` : ''})`,
        });
      }
      let data: { type?: unknown; conversation_initiation_metadata_event?: Record<string, unknown>; error_event?: { message?: unknown } } | undefined;
      try {
        data = typeof next.value === 'string' ? JSON.parse(next.value) : undefined;
      } catch {
        data = undefined;
      }
      if (data?.type === 'conversation_initiation_metadata') return data.conversation_initiation_metadata_event ?? {};
      if (data?.type === 'error') {
        throw new ProviderError({ code: 'bad_request', retryable: false, message: `ElevenLabs refused the conversation: ${String(data.error_event?.message ?? 'no message').slice(0, 500)}` });
      }
      if (data?.type === 'ping') continue;
      throw new ProviderError({ code: 'invalid_response', message: 'ElevenLabs did not start with conversation_initiation_metadata' });
    }
  } catch (error) {
    socket.close(1000, 'conversation not started');
    if (signal.aborted) throw new ProviderError({ code: 'aborted', retryable: false, message: 'The realtime connection was aborted', cause: error });
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

export async function connectElevenLabs(
  context: RealtimeTranslatorContext,
  config: RealtimeSessionConfig,
  events: RealtimeSessionEvents,
  call: CallOptions,
): Promise<RealtimeTranslatorSession> {
  const options = context.options as { voiceId?: string };
  const signedUrl = await elevenLabsSignedUrl(context, config.model, call);
  const socket = await context.openWebSocket(signedUrl, { signal: call.signal });
  socket.send(JSON.stringify(initiation(config.session, options.voiceId)));
  const iterator = socket.messages[Symbol.asyncIterator]();
  const metadata = await awaitMetadata(socket, iterator, call.signal);
  const agentInput = elevenLabsFormat(metadata.user_input_audio_format) ?? pcm16k;
  const agentOutput = elevenLabsFormat(metadata.agent_output_audio_format) ?? pcm16k;

  let session = synthesizedSession(String(metadata.conversation_id ?? realtimeEventId()), config.model, config.session);
  let toAgent = createAudioConverter(formatOf(session, 'input'), agentInput);
  let toClient = createAudioConverter(agentOutput, formatOf(session, 'output'));
  const inputSeconds = createAudioSecondsCounter(bytesPerSecond(agentInput));
  const outputSeconds = createAudioSecondsCounter(bytesPerSecond(agentOutput));
  const response = createResponseEmitter(events.send);
  const clock = startSessionClock({
    mode: 'elapsed',
    incrementSeconds: elevenLabsUsageIntervalSeconds,
    report: (billedSeconds) => events.usage({ billedSeconds, inputAudioSeconds: inputSeconds.take(), outputAudioSeconds: outputSeconds.take() }),
  });
  let inputMs = 0;
  let closing = false;
  // Audio events up to the last interruption's event_id belong to the interrupted turn: ElevenLabs
  // may still send them after the interruption, and its own client drops them (so do we).
  let lastInterruptId = -1;
  const textOnly = (): boolean => Array.isArray(session.output_modalities) && !session.output_modalities.includes('audio');
  const sendJson = (message: Record<string, unknown>): void => socket.send(JSON.stringify(message));

  events.send({ type: 'session.created', event_id: realtimeEventId(), session });

  const handleMessage = (message: string | Uint8Array): void => {
    if (typeof message !== 'string') {
      events.send(malformedUpstreamEvent(label, 'a binary frame'));
      return;
    }
    let data: Record<string, unknown>;
    try {
      data = JSON.parse(message) as Record<string, unknown>;
      if (!data || typeof data !== 'object' || typeof data.type !== 'string') throw new Error('no type');
    } catch {
      events.send(malformedUpstreamEvent(label, 'not a JSON event with a type'));
      return;
    }
    const body = (key: string): Record<string, unknown> | undefined => {
      const value = data[key];
      return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
    };
    switch (data.type) {
      case 'audio': {
        const audio = body('audio_event')?.audio_base_64;
        if (typeof audio !== 'string') return void events.send(malformedUpstreamEvent(label, 'an audio event without audio_base_64'));
        const audioId = eventIdOf(body('audio_event'));
        if (audioId >= 0 && audioId <= lastInterruptId) return;
        let bytes: Uint8Array;
        try {
          bytes = audioFromBase64(audio);
        } catch {
          return void events.send(malformedUpstreamEvent(label, 'audio that is not base64'));
        }
        outputSeconds.add(bytes.byteLength);
        const converted = toClient(bytes);
        if (converted.byteLength > 0) response.audio(audioToBase64(converted));
        return;
      }
      case 'agent_response': {
        const text = body('agent_response_event')?.agent_response;
        if (typeof text !== 'string') return void events.send(malformedUpstreamEvent(label, 'an agent_response without text'));
        response.transcriptDelta(text, !textOnly());
        response.transcriptDone(text, !textOnly());
        if (textOnly()) response.done('completed');
        return;
      }
      case 'user_transcript': {
        const text = body('user_transcription_event')?.user_transcript;
        if (typeof text !== 'string') return void events.send(malformedUpstreamEvent(label, 'a user_transcript without text'));
        response.done('completed');
        const itemId = `item_el_user_${realtimeEventId()}`;
        events.send({
          type: 'conversation.item.added',
          event_id: realtimeEventId(),
          previous_item_id: null,
          item: { id: itemId, object: 'realtime.item', type: 'message', status: 'completed', role: 'user', content: [{ type: 'input_audio', transcript: null }] },
        });
        events.send({ type: 'conversation.item.input_audio_transcription.completed', event_id: realtimeEventId(), item_id: itemId, content_index: 0, transcript: text });
        return;
      }
      case 'interruption':
        lastInterruptId = Math.max(lastInterruptId, eventIdOf(body('interruption_event')));
        events.send({ type: 'input_audio_buffer.speech_started', event_id: realtimeEventId(), audio_start_ms: Math.round(inputMs), item_id: null });
        response.done('cancelled', 'turn_detected');
        return;
      case 'client_tool_call': {
        const toolCall = body('client_tool_call');
        if (typeof toolCall?.tool_call_id !== 'string' || typeof toolCall.tool_name !== 'string') {
          return void events.send(malformedUpstreamEvent(label, 'a client_tool_call without tool_call_id or tool_name'));
        }
        response.functionCall(toolCall.tool_call_id, toolCall.tool_name, JSON.stringify(toolCall.parameters ?? {}));
        return;
      }
      case 'ping': {
        const eventId = body('ping_event')?.event_id;
        sendJson({ type: 'pong', event_id: eventId });
        return;
      }
      case 'error': {
        const error = body('error_event') ?? {};
        events.send(realtimeErrorEvent({ code: 'server', message: `ElevenLabs: ${String(error.message ?? error.error_type ?? 'error').slice(0, 500)}` }));
        return;
      }
      default:
        // vad_score, tentative transcripts, corrections, internal and newer events: nothing to translate.
        return;
    }
  };

  const pump = (async () => {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      try {
        handleMessage(next.value);
      } catch {
        events.send(malformedUpstreamEvent(label, 'a message that could not be translated'));
      }
    }
  })();

  void socket.closed.then(async ({ code, reason }) => {
    await pump;
    response.done('completed');
    clock.stop();
    const rest = { inputAudioSeconds: inputSeconds.take(), outputAudioSeconds: outputSeconds.take() };
    if (rest.inputAudioSeconds > 0 || rest.outputAudioSeconds > 0) events.usage(rest);
    // 1000 from ElevenLabs means the agent ended the conversation.
    if (closing || code === 1000) events.closed();
    else events.closed(new ProviderError({ code: 'connection', phase: 'mid-stream', message: `ElevenLabs closed the conversation (code ${code}${reason ? `: ${reason.slice(0, 200)}` : ''})` }));
  });

  return {
    handleClientEvent(event: RealtimeClientEvent) {
      assertUpstreamKeepsUp(socket, label);
      switch (event.type) {
        case 'input_audio_buffer.append': {
          if (typeof event.audio !== 'string') throw invalidClientEvent(event, 'audio', 'audio must be a base64 string');
          let bytes: Uint8Array;
          try {
            bytes = audioFromBase64(event.audio);
          } catch {
            throw invalidClientEvent(event, 'audio', 'audio is not valid base64');
          }
          const converted = toAgent(bytes);
          inputSeconds.add(converted.byteLength);
          inputMs += (converted.byteLength / bytesPerSecond(agentInput)) * 1000;
          if (converted.byteLength > 0) sendJson({ user_audio_chunk: audioToBase64(converted) });
          return;
        }
        case 'session.update': {
          const patch = (event.session ?? {}) as Record<string, unknown>;
          const fixed: string[] = fixedFields.filter((field) => field in patch && JSON.stringify(patch[field]) !== JSON.stringify(session[field]));
          const voice = (patch.audio as { output?: { voice?: unknown } } | undefined)?.output?.voice;
          if (voice !== undefined && voice !== (session.audio as { output?: { voice?: unknown } }).output?.voice) fixed.push('audio.output.voice');
          if ('output_modalities' in patch && JSON.stringify(patch.output_modalities) !== JSON.stringify(session.output_modalities)) fixed.push('output_modalities');
          if (fixed.length > 0) throw unsupportedClientEvent(event, label, `${fixed.join(', ')} cannot change once the conversation started`);
          session = mergeSession(session, patch);
          toAgent = createAudioConverter(formatOf(session, 'input'), agentInput);
          toClient = createAudioConverter(agentOutput, formatOf(session, 'output'));
          events.send({ type: 'session.updated', event_id: realtimeEventId(), session });
          return;
        }
        case 'conversation.item.create': {
          const item = (event.item ?? {}) as { type?: string; role?: string; call_id?: unknown; output?: unknown; content?: Array<{ type?: string; text?: unknown }> };
          if (item.type === 'function_call_output') {
            if (typeof item.call_id !== 'string') throw invalidClientEvent(event, 'item.call_id', 'a function_call_output needs call_id');
            sendJson({ type: 'client_tool_result', tool_call_id: item.call_id, result: typeof item.output === 'string' ? item.output : JSON.stringify(item.output ?? ''), is_error: false });
          } else if (item.type === 'message' && item.role === 'user' && Array.isArray(item.content) && item.content.every((part) => part?.type === 'input_text')) {
            sendJson({ type: 'user_message', text: item.content.map((part) => String(part.text ?? '')).join('\n') });
          } else if (item.type === 'message' && item.role === 'system' && Array.isArray(item.content) && item.content.every((part) => part?.type === 'input_text')) {
            sendJson({ type: 'contextual_update', text: item.content.map((part) => String(part.text ?? '')).join('\n') });
          } else {
            throw unsupportedClientEvent(event, label, 'only user or system text messages and function_call_output items can be added');
          }
          events.send({ type: 'conversation.item.added', event_id: realtimeEventId(), previous_item_id: null, item: { id: `item_el_${realtimeEventId()}`, object: 'realtime.item', status: 'completed', ...item } });
          return;
        }
        case 'response.create': {
          const overrides = event.response && typeof event.response === 'object' ? Object.keys(event.response as object) : [];
          if (overrides.length > 0) throw unsupportedClientEvent(event, label, `per-response settings (${overrides.join(', ')}) are not available; the agent answers each turn itself`);
          return; // The agent answers each user turn on its own.
        }
        case 'conversation.item.truncate':
          // The agent learns of barge-in from the user's audio (interruption); nothing to send.
          events.send({ type: 'conversation.item.truncated', event_id: realtimeEventId(), item_id: event.item_id, content_index: event.content_index ?? 0, audio_end_ms: event.audio_end_ms ?? 0 });
          return;
        case 'input_audio_buffer.commit':
        case 'input_audio_buffer.clear':
          throw unsupportedClientEvent(event, label, 'the agent detects turns itself (server VAD only)');
        default:
          throw unsupportedClientEvent(event, label);
      }
    },
    async close() {
      if (!closing) {
        closing = true;
        socket.close(1000, 'User ended conversation');
      }
      const timer = setTimeout(() => socket.close(1001, 'closing'), 2000);
      await socket.closed;
      clearTimeout(timer);
      await pump;
      clock.stop();
    },
  };
}
