/**
 * One OpenAI Realtime session served by an Ultravox call. Client → Ultravox: appended audio as
 * binary s16le frames (converted from the client's format to 24 kHz PCM), user text as
 * `user_text_message`, function results as `client_tool_result`, text-only output as
 * `set_output_medium`. Ultravox → client: binary agent audio as `response.output_audio.delta`,
 * transcripts as transcript/text events, `client_tool_invocation` as a function call,
 * `playback_clear_buffer` (barge-in) as `input_audio_buffer.speech_started` and the turn's
 * `response.done` cancelled with `turn_detected`. Ultravox detects turns and answers on its own,
 * so `response.create` without overrides is honoured by doing nothing; events it cannot honour
 * (manual commits, cancelling, item edits) are refused, naming them. Usage: billed call time per
 * started 6 s, and audio seconds both ways.
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
} from '@conduit/plugin-api';
import { createUltravoxCall, ultravoxSampleRate } from './create-ultravox-call.ts';

const label = 'Ultravox';
const pcm24k: RealtimeAudioFormat = { type: 'audio/pcm', rate: ultravoxSampleRate };
/** Ultravox bills every started 6 s of call time. */
export const ultravoxBillingIncrementSeconds = 6;
/** Session fields fixed when the call is created. */
const fixedFields = ['instructions', 'tools', 'model'] as const;

function formatOf(session: Readonly<Record<string, unknown>>, direction: 'input' | 'output'): RealtimeAudioFormat {
  const format = (session.audio as Record<string, { format?: RealtimeAudioFormat } | undefined> | undefined)?.[direction]?.format;
  return format && typeof format.type === 'string' ? format : pcm24k;
}

export async function connectUltravox(
  context: RealtimeTranslatorContext,
  config: RealtimeSessionConfig,
  events: RealtimeSessionEvents,
  call: CallOptions,
): Promise<RealtimeTranslatorSession> {
  const created = await createUltravoxCall(context, config.model, config.session, call);
  const socket = await context.openWebSocket(created.joinUrl, { signal: call.signal });
  let session = synthesizedSession(created.callId || realtimeEventId(), config.model, config.session);
  let toUpstream = createAudioConverter(formatOf(session, 'input'), pcm24k);
  let toClient = createAudioConverter(pcm24k, formatOf(session, 'output'));
  const inputSeconds = createAudioSecondsCounter(2 * ultravoxSampleRate);
  const outputSeconds = createAudioSecondsCounter(2 * ultravoxSampleRate);
  const response = createResponseEmitter(events.send);
  const clock = startSessionClock({
    mode: 'per-started-increment',
    incrementSeconds: ultravoxBillingIncrementSeconds,
    report: (billedSeconds) => events.usage({ billedSeconds, inputAudioSeconds: inputSeconds.take(), outputAudioSeconds: outputSeconds.take() }),
  });
  const userItems = new Map<number, { itemId: string; text: string }>(); // transcript ordinal → item id, text so far
  const agentText = new Map<number, string>(); // transcript ordinal → text so far
  // Agent utterances cut off by barge-in: their response is done (cancelled), so the rest of their
  // transcript (Ultravox finishes it, cut to what was played) must not open another response.
  const interruptedOrdinals = new Set<number>();
  let inputMs = 0;
  let closing = false;

  events.send({ type: 'session.created', event_id: realtimeEventId(), session });

  const handleMessage = (message: string | Uint8Array): void => {
    if (typeof message !== 'string') {
      outputSeconds.add(message.byteLength);
      const converted = toClient(message);
      if (converted.byteLength > 0) response.audio(audioToBase64(converted));
      return;
    }
    let data: Record<string, unknown>;
    try {
      data = JSON.parse(message) as Record<string, unknown>;
      if (!data || typeof data !== 'object' || typeof data.type !== 'string') throw new Error('no type');
    } catch {
      events.send(malformedUpstreamEvent(label, 'not a JSON data message with a type'));
      return;
    }
    switch (data.type) {
      case 'transcript':
        return transcript(data);
      case 'state':
        if (data.state !== 'speaking' && data.state !== 'thinking') response.done('completed');
        return;
      case 'client_tool_invocation': {
        if (typeof data.invocationId !== 'string' || typeof data.toolName !== 'string') {
          events.send(malformedUpstreamEvent(label, 'a client_tool_invocation without invocationId or toolName'));
          return;
        }
        response.functionCall(data.invocationId, data.toolName, JSON.stringify(data.parameters ?? {}));
        return;
      }
      case 'playback_clear_buffer':
        for (const ordinal of agentText.keys()) interruptedOrdinals.add(ordinal);
        agentText.clear();
        events.send({ type: 'input_audio_buffer.speech_started', event_id: realtimeEventId(), audio_start_ms: Math.round(inputMs), item_id: null });
        response.done('cancelled', 'turn_detected');
        return;
      case 'call_started':
      case 'pong':
      case 'debug':
        return;
      default:
        // Data messages Ultravox may add: not errors, nothing to translate.
        return;
    }
  };

  const transcript = (data: Record<string, unknown>): void => {
    const ordinal = typeof data.ordinal === 'number' ? data.ordinal : -1;
    const text = typeof data.text === 'string' ? data.text : undefined;
    const delta = typeof data.delta === 'string' ? data.delta : undefined;
    if (text === undefined && delta === undefined) {
      events.send(malformedUpstreamEvent(label, 'a transcript with neither text nor delta'));
      return;
    }
    if (data.role === 'user') {
      let user = userItems.get(ordinal);
      if (!user) {
        user = { itemId: `item_uvx_user_${ordinal}_${realtimeEventId()}`, text: '' };
        userItems.set(ordinal, user);
        events.send({
          type: 'conversation.item.added',
          event_id: realtimeEventId(),
          previous_item_id: null,
          item: { id: user.itemId, object: 'realtime.item', type: 'message', status: 'completed', role: 'user', content: [{ type: 'input_audio', transcript: null }] },
        });
      }
      // `text` is the whole utterance so far, `delta` what was added: the client gets deltas only.
      const full = text ?? user.text + (delta ?? '');
      const piece = full.startsWith(user.text) ? full.slice(user.text.length) : full;
      user.text = full;
      if (data.final === true) {
        events.send({ type: 'conversation.item.input_audio_transcription.completed', event_id: realtimeEventId(), item_id: user.itemId, content_index: 0, transcript: full });
        userItems.delete(ordinal);
      } else if (piece) {
        events.send({ type: 'conversation.item.input_audio_transcription.delta', event_id: realtimeEventId(), item_id: user.itemId, content_index: 0, delta: piece });
      }
      return;
    }
    if (interruptedOrdinals.has(ordinal)) {
      if (data.final === true) interruptedOrdinals.delete(ordinal);
      return;
    }
    const audio = data.medium !== 'text';
    const previous = agentText.get(ordinal) ?? '';
    const full = text ?? previous + (delta ?? '');
    const piece = full.startsWith(previous) ? full.slice(previous.length) : full;
    agentText.set(ordinal, full);
    response.transcriptDelta(piece, audio);
    if (data.final === true) {
      response.transcriptDone(full, audio);
      agentText.delete(ordinal);
    }
  };

  const pump = (async () => {
    for await (const message of socket.messages) {
      try {
        handleMessage(message);
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
    if (closing || code === 1000) events.closed();
    else events.closed(new ProviderError({ code: 'connection', phase: 'mid-stream', message: `Ultravox closed the call (code ${code}${reason ? `: ${reason.slice(0, 200)}` : ''})` }));
  });

  const sendJson = (message: Record<string, unknown>): void => socket.send(JSON.stringify(message));

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
          const pcm = toUpstream(bytes);
          inputSeconds.add(pcm.byteLength);
          inputMs += (pcm.byteLength / 2 / ultravoxSampleRate) * 1000;
          if (pcm.byteLength > 0) socket.send(pcm);
          return;
        }
        case 'session.update': {
          const patch = (event.session ?? {}) as Record<string, unknown>;
          const fixed = fixedFields.filter((field) => field in patch && JSON.stringify(patch[field]) !== JSON.stringify(session[field]));
          const voice = (patch.audio as { output?: { voice?: unknown } } | undefined)?.output?.voice;
          if (voice !== undefined && voice !== (session.audio as { output?: { voice?: unknown } }).output?.voice) fixed.push('audio.output.voice' as never);
          if (fixed.length > 0) throw unsupportedClientEvent(event, label, `${fixed.join(', ')} cannot change once the call started`);
          session = mergeSession(session, patch);
          toUpstream = createAudioConverter(formatOf(session, 'input'), pcm24k);
          toClient = createAudioConverter(pcm24k, formatOf(session, 'output'));
          if (Array.isArray(patch.output_modalities)) {
            sendJson({ type: 'set_output_medium', medium: patch.output_modalities.includes('audio') ? 'voice' : 'text' });
          }
          events.send({ type: 'session.updated', event_id: realtimeEventId(), session });
          return;
        }
        case 'conversation.item.create': {
          const item = (event.item ?? {}) as { type?: string; role?: string; call_id?: unknown; output?: unknown; content?: Array<{ type?: string; text?: unknown }> };
          if (item.type === 'function_call_output') {
            if (typeof item.call_id !== 'string') throw invalidClientEvent(event, 'item.call_id', 'a function_call_output needs call_id');
            sendJson({ type: 'client_tool_result', invocationId: item.call_id, result: typeof item.output === 'string' ? item.output : JSON.stringify(item.output ?? ''), responseType: 'tool-response', agentReaction: 'speaks' });
            events.send({ type: 'conversation.item.added', event_id: realtimeEventId(), previous_item_id: null, item: { id: `item_uvx_${realtimeEventId()}`, object: 'realtime.item', ...item } });
            return;
          }
          if (item.type === 'message' && item.role === 'user' && Array.isArray(item.content) && item.content.every((part) => part?.type === 'input_text')) {
            const text = item.content.map((part) => String(part.text ?? '')).join('\n');
            sendJson({ type: 'user_text_message', text, urgency: 'immediate' });
            events.send({ type: 'conversation.item.added', event_id: realtimeEventId(), previous_item_id: null, item: { id: `item_uvx_${realtimeEventId()}`, object: 'realtime.item', status: 'completed', ...item } });
            return;
          }
          throw unsupportedClientEvent(event, label, 'only user text messages and function_call_output items can be added');
        }
        case 'response.create': {
          const overrides = event.response && typeof event.response === 'object' ? Object.keys(event.response as object) : [];
          if (overrides.length > 0) throw unsupportedClientEvent(event, label, `per-response settings (${overrides.join(', ')}) are not available; the agent answers each turn itself`);
          return; // Ultravox answers each user turn (and each tool result) on its own.
        }
        case 'conversation.item.truncate': {
          // Ultravox tracks playback itself (clientBufferSizeMs) and truncates on barge-in.
          events.send({ type: 'conversation.item.truncated', event_id: realtimeEventId(), item_id: event.item_id, content_index: event.content_index ?? 0, audio_end_ms: event.audio_end_ms ?? 0 });
          return;
        }
        case 'input_audio_buffer.commit':
        case 'input_audio_buffer.clear':
          throw unsupportedClientEvent(event, label, 'Ultravox detects turns itself (server VAD only)');
        default:
          throw unsupportedClientEvent(event, label);
      }
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
      clock.stop();
    },
  };
}
