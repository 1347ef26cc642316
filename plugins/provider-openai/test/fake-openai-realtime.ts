/**
 * A fake of OpenAI's Realtime API (GA) over WebSocket, written from the protocol facts
 * (docs/audio-realtime-protocols.md §1): `GET /v1/realtime?model=` upgraded with
 * `Authorization: Bearer`, refused with 401 and an OpenAI error body otherwise; `session.created`
 * first; `session.update` → `session.updated`; appended audio buffered (base64 of PCM16 24 kHz, or
 * G.711 when the session says so); commit/clear; `response.create`; an `error` event naming the
 * client event for unknown types or an empty commit. `speak` streams a response's audio deltas;
 * `finishResponse` ends it with `response.done` and usage. With input transcription on (GA
 * `audio.input.transcription`, beta `input_audio_transcription`) a commit is followed by
 * `conversation.item.input_audio_transcription.delta` and `.completed` with the transcription's own
 * usage: `{type: "duration", seconds}` for `whisper-1`, `{type: "tokens", …}` for the others. Serves plain `ws://` and, with `tls`,
 * `wss://` (the SDK's OpenAIRealtimeWS always dials wss).
 */
import { createServer as createHttpsServer } from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { audioToBase64, pcm16Bytes } from '@conduit/plugin-api';
import { startFakeWebSocketServer, type RealtimeFakeUpstream } from '@conduit/plugin-api/conformance';

export const fakeRealtimeApiKey = 'sk-conduit-fake-realtime-0000';

export interface OpenAIRealtimeFake extends RealtimeFakeUpstream {
  /** Handshakes seen: path, query and the headers that matter. */
  handshakes: Array<{ path: string; model: string | null; deployment: string | null; apiVersion: string | null; authorization?: string; apiKeyHeader?: string }>;
  /** Client events received, in order. */
  received: Array<{ type: string; event_id?: string; [field: string]: unknown }>;
  /** The same events' frames, as text. */
  receivedText: string[];
  /** The effective session of the latest connection. */
  session(): Record<string, unknown>;
  /** Usage `finishResponse` puts in `response.done`. */
  nextUsage: Record<string, unknown>;
  /** The transcript of the next committed audio, when transcription is on. */
  transcript: string;
  /** Sent as the next transcription's `usage` instead of the figures the fake computes (then reset). */
  nextTranscriptionUsage?: unknown;
  /** Sends a server event on the current session as it is (an event id added when it has none). */
  sendEvent(event: Record<string, unknown>): void;
  /** Closes the session's socket from the server side with a close code (and reason). */
  closeSession(code: number, reason?: string): void;
}

export interface OpenAIRealtimeFakeOptions {
  /** `bearer` (OpenAI) or `api-key` (Azure). */
  auth?: 'bearer' | 'api-key';
  apiKey?: string;
  /** The path prefix before `/realtime` in provider.baseUrl (default `/v1`). */
  basePath?: string;
  /** Serve TLS with this key and certificate (PEM). */
  tls?: { key: string; cert: string };
  /**
   * `beta`: the preview protocol (`OpenAI-Beta: realtime=v1`, Azure's dated preview api-versions):
   * a flat session (`input_audio_format: "pcm16"|"g711_ulaw"|"g711_alaw"`, `modalities`, `voice`)
   * and `response.audio.delta` / `.done`. Default `ga`.
   */
  protocol?: 'ga' | 'beta';
}

/** Transcription models the Realtime API accepts (openai-node `AudioTranscription.model`). */
const transcriptionModels: ReadonlySet<string> = new Set(['whisper-1', 'gpt-4o-mini-transcribe', 'gpt-4o-mini-transcribe-2025-12-15', 'gpt-4o-transcribe', 'gpt-4o-transcribe-diarize', 'gpt-realtime-whisper']);

let ids = 0;
const id = (prefix: string): string => `${prefix}_${(++ids).toString(36).padStart(6, '0')}`;

function defaultBetaSession(model: string): Record<string, unknown> {
  return {
    id: id('sess'),
    object: 'realtime.session',
    model,
    modalities: ['audio', 'text'],
    instructions: '',
    voice: 'alloy',
    input_audio_format: 'pcm16',
    output_audio_format: 'pcm16',
    input_audio_transcription: null,
    turn_detection: { type: 'server_vad', threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 200, create_response: true, interrupt_response: true },
    tools: [],
    tool_choice: 'auto',
    temperature: 0.8,
    max_response_output_tokens: 'inf',
  };
}

function defaultSession(model: string): Record<string, unknown> {
  return {
    type: 'realtime',
    object: 'realtime.session',
    id: id('sess'),
    model,
    output_modalities: ['audio'],
    instructions: '',
    tools: [],
    tool_choice: 'auto',
    max_output_tokens: 'inf',
    tracing: null,
    prompt: null,
    expires_at: Math.floor(Date.now() / 1000) + 3600,
    audio: {
      input: {
        format: { type: 'audio/pcm', rate: 24000 },
        transcription: null,
        noise_reduction: null,
        turn_detection: { type: 'server_vad', threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 200, idle_timeout_ms: null, create_response: true, interrupt_response: true },
      },
      output: { format: { type: 'audio/pcm', rate: 24000 }, voice: 'marin', speed: 1 },
    },
    include: null,
  };
}

function merge(target: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    out[key] =
      value && typeof value === 'object' && !Array.isArray(value) && current && typeof current === 'object' && !Array.isArray(current)
        ? merge(current as Record<string, unknown>, value as Record<string, unknown>)
        : value;
  }
  return out;
}

export async function startOpenAIRealtimeFake(options: OpenAIRealtimeFakeOptions = {}): Promise<OpenAIRealtimeFake> {
  const apiKey = options.apiKey ?? fakeRealtimeApiKey;
  const basePath = options.basePath ?? '/v1';
  const beta = options.protocol === 'beta';
  const handshakes: OpenAIRealtimeFake['handshakes'] = [];
  const received: OpenAIRealtimeFake['received'] = [];
  const receivedText: string[] = [];
  let audioBytes = 0;
  const transcriptionModel = (session: Record<string, unknown>): string | undefined => {
    const setting = beta ? session.input_audio_transcription : (session.audio as { input?: { transcription?: unknown } } | undefined)?.input?.transcription;
    const model = (setting as { model?: unknown } | null | undefined)?.model;
    return typeof model === 'string' ? model : undefined;
  };
  /** As OpenAI reports it: whisper-1 by duration, the gpt-4o transcribe models by tokens (audio in, text out). */
  const transcriptionUsage = (model: string, seconds: number, transcript: string): Record<string, unknown> => {
    if (model === 'whisper-1') return { type: 'duration', seconds };
    const audioTokens = Math.ceil(seconds * 10);
    const outputTokens = transcript.split(/\s+/).filter(Boolean).length + 1;
    return { type: 'tokens', total_tokens: audioTokens + outputTokens, input_tokens: audioTokens, input_token_details: { text_tokens: 0, audio_tokens: audioTokens }, output_tokens: outputTokens };
  };
  let current: { socket: WebSocket; session: Record<string, unknown>; buffer: number; response?: { id: string; itemId: string } } | undefined;

  const send = (event: Record<string, unknown>): void => current?.socket.send(JSON.stringify({ event_id: id('event'), ...event }));
  const error = (code: string, message: string, eventId?: string): void =>
    send({ type: 'error', error: { type: 'invalid_request_error', code, message, param: null, event_id: eventId ?? null } });
  const inputBytesPerSecond = (): number => {
    if (beta) return current?.session.input_audio_format === 'pcm16' ? 48000 : 8000;
    const format = ((current?.session.audio as { input?: { format?: { type?: string } } })?.input?.format ?? {}) as { type?: string };
    return format.type === 'audio/pcmu' || format.type === 'audio/pcma' ? 8000 : 48000;
  };
  const ensureResponse = (): { id: string; itemId: string } => {
    if (!current) throw new Error('no session');
    if (!current.response) {
      current.response = { id: id('resp'), itemId: id('item') };
      send({ type: 'response.created', response: { object: 'realtime.response', id: current.response.id, status: 'in_progress', output: [], usage: null } });
    }
    return current.response;
  };

  const handlers = {
    authorize(request: IncomingMessage) {
      const url = new URL(request.url ?? '/', 'http://fake');
      const presented = options.auth === 'api-key' ? request.headers['api-key'] : request.headers.authorization;
      handshakes.push({
        path: url.pathname,
        model: url.searchParams.get('model'),
        deployment: url.searchParams.get('deployment'),
        apiVersion: url.searchParams.get('api-version'),
        authorization: request.headers.authorization,
        apiKeyHeader: request.headers['api-key'] as string | undefined,
      });
      if (!url.pathname.endsWith('/realtime') || !url.pathname.startsWith(basePath)) {
        return { status: 404, body: { error: { message: 'Not found', type: 'invalid_request_error' } } };
      }
      const expected = options.auth === 'api-key' ? apiKey : `Bearer ${apiKey}`;
      if (presented !== expected) {
        return { status: 401, body: { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' } } };
      }
      if (!url.searchParams.get('model') && !url.searchParams.get('deployment')) {
        return { status: 400, body: { error: { message: 'Missing model', type: 'invalid_request_error' } } };
      }
      return undefined;
    },
    connection(socket: WebSocket, request: IncomingMessage) {
      const url = new URL(request.url ?? '/', 'http://fake');
      const model = url.searchParams.get('model') ?? url.searchParams.get('deployment') ?? '';
      current = { socket, session: beta ? defaultBetaSession(model) : defaultSession(model), buffer: 0 };
      const mine = current;
      send({ type: 'session.created', session: mine.session });
      send({ type: 'conversation.created', conversation: { id: id('conv'), object: 'realtime.conversation' } });
      socket.on('message', (data: Buffer, isBinary: boolean) => {
        if (current !== mine) return;
        let event: { type?: unknown; event_id?: string; [field: string]: unknown };
        try {
          event = JSON.parse(data.toString('utf8'));
        } catch {
          error('invalid_json', 'The event is not valid JSON.');
          return;
        }
        if (isBinary || typeof event.type !== 'string') {
          error('invalid_event', "The 'type' field is missing.", event.event_id);
          return;
        }
        received.push(event as OpenAIRealtimeFake['received'][number]);
        receivedText.push(data.toString('utf8'));
        switch (event.type) {
          case 'session.update': {
            const next = merge(mine.session, (event.session ?? {}) as Record<string, unknown>);
            const model = transcriptionModel(next);
            // The whole update is refused, and the session left as it was, for a model it does not know.
            if (model !== undefined && !transcriptionModels.has(model)) {
              error('invalid_value', `Invalid value: '${model}'. Supported values are: ${[...transcriptionModels].map((each) => `'${each}'`).join(', ')}.`, event.event_id);
              break;
            }
            mine.session = next;
            send({ type: 'session.updated', session: mine.session });
            break;
          }
          case 'input_audio_buffer.append': {
            const bytes = Buffer.from(String(event.audio), 'base64').length;
            const pcmBytes = inputBytesPerSecond() === 8000 ? bytes * 2 * 3 : bytes; // G.711 counts as its 24 kHz PCM16 equivalent
            audioBytes += pcmBytes;
            mine.buffer += pcmBytes;
            break;
          }
          case 'input_audio_buffer.commit':
            if (mine.buffer < 4800) {
              error('input_audio_buffer_commit_empty', `Error committing input audio buffer: buffer too small. Expected at least 100ms of audio, but buffer only has ${(mine.buffer / 48).toFixed(2)}ms of audio.`, event.event_id);
            } else {
              const seconds = mine.buffer / 48000;
              mine.buffer = 0;
              const itemId = id('item');
              send({ type: 'input_audio_buffer.committed', previous_item_id: null, item_id: itemId });
              const model = transcriptionModel(mine.session);
              if (model) {
                const transcript = fake.transcript;
                const usage = fake.nextTranscriptionUsage !== undefined ? fake.nextTranscriptionUsage : transcriptionUsage(model, seconds, transcript);
                fake.nextTranscriptionUsage = undefined;
                send({ type: 'conversation.item.input_audio_transcription.delta', item_id: itemId, content_index: 0, delta: transcript });
                send({ type: 'conversation.item.input_audio_transcription.completed', item_id: itemId, content_index: 0, transcript, usage });
              }
            }
            break;
          case 'input_audio_buffer.clear':
            mine.buffer = 0;
            send({ type: 'input_audio_buffer.cleared' });
            break;
          case 'response.create':
            ensureResponse();
            break;
          case 'conversation.item.create':
            send({ type: 'conversation.item.added', previous_item_id: null, item: { id: id('item'), ...(event.item as object) } });
            break;
          default:
            error('invalid_event', `Unknown event type '${event.type}'.`, event.event_id);
        }
      });
      socket.on('close', () => {
        if (current === mine) current = undefined;
      });
    },
  };

  let server: { origin: string; wsOrigin: string; openSockets(): number; close(): Promise<void> };
  if (options.tls) {
    const https = createHttpsServer({ key: options.tls.key, cert: options.tls.cert });
    const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
    const sockets = new Set<WebSocket>();
    https.on('upgrade', (request, socket, head) => {
      const refusal = handlers.authorize(request);
      if (refusal) {
        const body = JSON.stringify(refusal.body);
        socket.end(`HTTP/1.1 ${refusal.status} Refused\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
        return;
      }
      wss.handleUpgrade(request, socket, head, (ws) => {
        sockets.add(ws);
        ws.once('close', () => sockets.delete(ws));
        handlers.connection(ws, request);
      });
    });
    await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
    const { port } = https.address() as AddressInfo;
    server = {
      origin: `https://127.0.0.1:${port}`,
      wsOrigin: `wss://127.0.0.1:${port}`,
      openSockets: () => sockets.size,
      async close() {
        for (const ws of sockets) ws.terminate();
        wss.close();
        https.closeAllConnections();
        await new Promise<void>((resolve) => https.close(() => resolve()));
      },
    };
  } else {
    server = await startFakeWebSocketServer(handlers);
  }

  const nextUsage: Record<string, unknown> = {
    total_tokens: 253,
    input_tokens: 132,
    output_tokens: 121,
    input_token_details: { text_tokens: 119, audio_tokens: 13, image_tokens: 0, cached_tokens: 64, cached_tokens_details: { text_tokens: 64, audio_tokens: 0, image_tokens: 0 } },
    output_token_details: { text_tokens: 30, audio_tokens: 91 },
  };
  const fake: OpenAIRealtimeFake = {
    provider: { baseUrl: `${server.origin}${basePath}`, credentials: { apiKey }, options: {} },
    audioRate: 24000,
    handshakes,
    received,
    receivedText,
    nextUsage,
    transcript: 'Hey, can you hear me?',
    session: () => current?.session ?? {},
    receivedAudioBytes: () => audioBytes,
    speak(seconds) {
      const response = ensureResponse();
      const total = Math.round(seconds * 24000);
      for (let at = 0; at < total; at += 1200) {
        const samples = Int16Array.from({ length: Math.min(1200, total - at) }, (_, i) => Math.round(5000 * Math.sin((at + i) / 10)));
        send({ type: beta ? 'response.audio.delta' : 'response.output_audio.delta', response_id: response.id, item_id: response.itemId, output_index: 0, content_index: 0, delta: audioToBase64(pcm16Bytes(samples)) });
      }
    },
    finishResponse() {
      const response = ensureResponse();
      send({ type: beta ? 'response.audio.done' : 'response.output_audio.done', response_id: response.id, item_id: response.itemId, output_index: 0, content_index: 0 });
      send({
        type: 'response.done',
        response: { object: 'realtime.response', id: response.id, status: 'completed', status_details: null, output: [], output_modalities: ['audio'], max_output_tokens: 'inf', usage: fake.nextUsage, metadata: null },
      });
      if (current) current.response = undefined;
    },
    sendEvent(event) {
      current?.socket.send(JSON.stringify({ event_id: id('event'), ...event }));
    },
    closeSession(code, reason) {
      current?.socket.close(code, reason);
    },
    sendMalformed() {
      current?.socket.send('{"type": "response.output_audio.delta", "delta": ');
    },
    openSockets: () => server.openSockets(),
    close: () => server.close(),
  };
  return fake;
}
