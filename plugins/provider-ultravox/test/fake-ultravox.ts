/**
 * A fake of Ultravox, written from the protocol facts (docs/audio-realtime-protocols.md §2):
 * `POST /api/calls` with `X-API-Key` answers 201 with a `Call` whose `joinUrl` is this server's
 * `/calls/<id>/server_web_socket`; the call WebSocket takes binary s16le frames of user audio and
 * JSON data messages (`user_text_message`/`input_text_message`, `client_tool_result`,
 * `set_output_medium`, `ping`), and sends `call_started`, `state`, `transcript`, binary agent
 * audio at `outputSampleRate`, `client_tool_invocation` and `playback_clear_buffer`.
 */
import type { WebSocket } from 'ws';
import { pcm16Bytes } from '@conduit/plugin-api';
import { startFakeWebSocketServer, type RealtimeFakeUpstream } from '@conduit/plugin-api/conformance';

export const fakeUltravoxApiKey = 'uvx-fake-key-0001';

export interface UltravoxFake extends RealtimeFakeUpstream {
  /** Bodies of `POST /api/calls`, parsed, with the X-API-Key presented. */
  createdCalls: Array<{ body: Record<string, unknown>; apiKey: string | undefined; query: string }>;
  /** JSON data messages received on call sockets. */
  received: Array<Record<string, unknown>>;
  /** Join URLs connected to, with their query. */
  joins: string[];
  send(message: Record<string, unknown>): void;
  invokeTool(invocationId: string, toolName: string, parameters: Record<string, unknown>): void;
  clearPlayback(): void;
  userSaid(text: string, ordinal: number): void;
  /** Ends the agent's current utterance with its final transcript, the agent still holding the turn (say, to call a tool). */
  finishUtterance(text: string): void;
}

export async function startUltravoxFake(): Promise<UltravoxFake> {
  const createdCalls: UltravoxFake['createdCalls'] = [];
  const received: UltravoxFake['received'] = [];
  const joins: string[] = [];
  const calls = new Map<string, { outputRate: number }>();
  let audioBytes = 0;
  let ordinal = 100;
  let socket: WebSocket | undefined;
  let outputRate = 24000;
  let server: Awaited<ReturnType<typeof startFakeWebSocketServer>>;
  const send = (message: Record<string, unknown>): void => socket?.send(JSON.stringify(message));

  server = await startFakeWebSocketServer({
    http(request, body, response) {
      const url = new URL(request.url ?? '/', 'http://fake');
      if (request.method !== 'POST' || url.pathname !== '/api/calls') {
        response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ detail: 'Not found.' }));
        return;
      }
      const apiKey = request.headers['x-api-key'] as string | undefined;
      if (apiKey !== fakeUltravoxApiKey) {
        response.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ detail: 'Invalid API key.' }));
        return;
      }
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(body) as Record<string, unknown>;
      } catch {
        response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ detail: 'Invalid JSON.' }));
        return;
      }
      createdCalls.push({ body: parsed, apiKey, query: url.search });
      const medium = (parsed.medium as { serverWebSocket?: { inputSampleRate?: number; outputSampleRate?: number } } | undefined)?.serverWebSocket;
      if (!medium?.inputSampleRate) {
        response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ medium: ['inputSampleRate is required'] }));
        return;
      }
      const callId = crypto.randomUUID();
      calls.set(callId, { outputRate: medium.outputSampleRate ?? medium.inputSampleRate });
      response.writeHead(201, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          callId,
          created: new Date().toISOString(),
          joined: null,
          ended: null,
          endReason: null,
          joinUrl: `${server.wsOrigin}/calls/${callId}/server_web_socket`,
          billedDuration: null,
          billingStatus: 'BILLING_STATUS_PENDING',
          model: parsed.model ?? 'ultravox-v0.7',
          medium: parsed.medium,
        }),
      );
    },
    authorize(request) {
      const match = /^\/calls\/([^/]+)\/server_web_socket$/.exec(new URL(request.url ?? '/', 'http://fake').pathname);
      if (!match || !calls.has(match[1])) return { status: 404, body: { detail: 'Unknown call.' } };
      return undefined;
    },
    connection(ws, request) {
      joins.push(request.url ?? '');
      const callId = /\/calls\/([^/]+)\//.exec(request.url ?? '')?.[1] ?? '';
      outputRate = calls.get(callId)?.outputRate ?? 24000;
      socket = ws;
      send({ type: 'call_started', callId });
      send({ type: 'state', state: 'listening' });
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        if (isBinary) {
          audioBytes += data.length;
          return;
        }
        const message = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
        received.push(message);
        if (message.type === 'ping') send({ type: 'pong', timestamp: message.timestamp });
      });
    },
  });

  const fake: UltravoxFake = {
    provider: { baseUrl: `${server.origin}/api`, credentials: { apiKey: fakeUltravoxApiKey }, options: {} },
    audioRate: 24000,
    createdCalls,
    received,
    joins,
    send,
    receivedAudioBytes: () => audioBytes,
    speak(seconds) {
      ordinal += 1;
      send({ type: 'state', state: 'speaking' });
      send({ type: 'transcript', role: 'agent', medium: 'voice', text: null, delta: 'Hel', final: false, ordinal });
      const total = Math.round(seconds * outputRate);
      for (let at = 0; at < total; at += outputRate / 10) {
        const samples = Int16Array.from({ length: Math.min(outputRate / 10, total - at) }, (_, i) => Math.round(4000 * Math.sin((at + i) / 8)));
        socket?.send(pcm16Bytes(samples), { binary: true });
      }
      send({ type: 'transcript', role: 'agent', medium: 'voice', text: null, delta: 'lo', final: false, ordinal });
    },
    finishResponse() {
      send({ type: 'transcript', role: 'agent', medium: 'voice', text: 'Hello', delta: null, final: true, ordinal });
      send({ type: 'state', state: 'listening' });
    },
    finishUtterance(text) {
      send({ type: 'transcript', role: 'agent', medium: 'voice', text, delta: null, final: true, ordinal });
      send({ type: 'state', state: 'thinking' });
    },
    sendMalformed() {
      socket?.send('{"type": "transcript", ');
    },
    invokeTool(invocationId, toolName, parameters) {
      send({ type: 'client_tool_invocation', toolName, invocationId, parameters });
    },
    clearPlayback() {
      send({ type: 'playback_clear_buffer' });
    },
    userSaid(text, at) {
      send({ type: 'transcript', role: 'user', medium: 'voice', text: null, delta: text.slice(0, 3), final: false, ordinal: at });
      send({ type: 'transcript', role: 'user', medium: 'voice', text, delta: null, final: true, ordinal: at });
    },
    openSockets: () => server.openSockets(),
    close: () => server.close(),
  };
  return fake;
}
