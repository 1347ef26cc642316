/**
 * A fake of ElevenLabs Agents, written from the protocol facts (docs/audio-realtime-protocols.md §3):
 * `GET /v1/convai/conversation/get-signed-url?agent_id=` with `xi-api-key` answers `{signed_url}`;
 * the conversation WebSocket (`/v1/convai/conversation?agent_id=&token=`, refused without the
 * signed token) waits for `conversation_initiation_client_data`, answers
 * `conversation_initiation_metadata` (PCM 16 kHz both ways), takes `{user_audio_chunk}`,
 * `user_message`, `client_tool_result`, `pong`, and sends `audio`, `agent_response`,
 * `user_transcript`, `interruption`, `client_tool_call` and `ping`.
 */
import type { WebSocket } from 'ws';
import { audioToBase64, pcm16Bytes } from '@conduit/plugin-api';
import { startFakeWebSocketServer, type RealtimeFakeUpstream } from '@conduit/plugin-api/conformance';

export const fakeElevenLabsApiKey = 'xi-fake-key-0001';

export interface ElevenLabsAgentsFake extends RealtimeFakeUpstream {
  /** Messages received on the conversation socket, parsed (audio chunks left out). */
  received: Array<Record<string, unknown>>;
  signedUrlRequests: Array<{ agentId: string | null; apiKey: string | undefined }>;
  send(message: Record<string, unknown>): void;
  /**
   * Barge-in as ElevenLabs does it: an `interruption` whose event_id covers the interrupted turn,
   * then `lateChunks` audio chunks of that turn (ids up to it) still on their way.
   */
  interrupt(lateChunks: number): void;
  /** Sends a ping; resolves with the pong's event_id. */
  ping(eventId: number): void;
}

export async function startElevenLabsAgentsFake(
  options: {
    agentFormat?: string;
    /** Refuse the signed URL with this status and ElevenLabs business error (`{detail: {status, message}}`). */
    signedUrlError?: { status: number; detail: { status: string; message: string } };
  } = {},
): Promise<ElevenLabsAgentsFake> {
  const received: ElevenLabsAgentsFake['received'] = [];
  const signedUrlRequests: ElevenLabsAgentsFake['signedUrlRequests'] = [];
  const tokens = new Set<string>();
  const format = options.agentFormat ?? 'pcm_16000';
  const rate = Number(format.split('_')[1]);
  let audioBytes = 0;
  let audioEventId = 0;
  let socket: WebSocket | undefined;
  const send = (message: Record<string, unknown>): void => socket?.send(JSON.stringify(message));
  const server = await startFakeWebSocketServer({
    http(request, _body, response) {
      const url = new URL(request.url ?? '/', 'http://fake');
      if (url.pathname !== '/v1/convai/conversation/get-signed-url' || request.method !== 'GET') {
        response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ detail: 'Not Found' }));
        return;
      }
      const apiKey = request.headers['xi-api-key'] as string | undefined;
      signedUrlRequests.push({ agentId: url.searchParams.get('agent_id'), apiKey });
      if (apiKey !== fakeElevenLabsApiKey) {
        response.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ detail: { status: 'invalid_api_key', message: 'Invalid API key' } }));
        return;
      }
      if (options.signedUrlError) {
        response.writeHead(options.signedUrlError.status, { 'content-type': 'application/json' }).end(JSON.stringify({ detail: options.signedUrlError.detail }));
        return;
      }
      const token = crypto.randomUUID();
      tokens.add(token);
      response.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({ signed_url: `${server.wsOrigin}/v1/convai/conversation?agent_id=${url.searchParams.get('agent_id')}&token=${token}` }),
      );
    },
    authorize(request) {
      const url = new URL(request.url ?? '/', 'http://fake');
      if (url.pathname !== '/v1/convai/conversation' || !tokens.has(url.searchParams.get('token') ?? '')) {
        return { status: 403, body: { detail: 'Invalid or expired token' } };
      }
      return undefined;
    },
    connection(ws) {
      socket = ws;
      let initiated = false;
      ws.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
        if (typeof message.user_audio_chunk === 'string') {
          if (initiated) audioBytes += Buffer.from(message.user_audio_chunk, 'base64').length;
          return;
        }
        received.push(message);
        if (message.type === 'conversation_initiation_client_data' && !initiated) {
          initiated = true;
          send({
            type: 'conversation_initiation_metadata',
            conversation_initiation_metadata_event: { conversation_id: 'conv_fake_1', agent_output_audio_format: format, user_input_audio_format: format },
          });
        }
      });
    },
  });

  return {
    provider: { baseUrl: server.origin, credentials: { apiKey: fakeElevenLabsApiKey }, options: {} },
    audioRate: rate,
    received,
    signedUrlRequests,
    send,
    receivedAudioBytes: () => audioBytes,
    speak(seconds) {
      const total = Math.round(seconds * rate);
      for (let at = 0; at < total; at += rate / 10) {
        const samples = Int16Array.from({ length: Math.min(rate / 10, total - at) }, (_, i) => Math.round(4000 * Math.sin((at + i) / 6)));
        send({ type: 'audio', audio_event: { audio_base_64: audioToBase64(pcm16Bytes(samples)), event_id: ++audioEventId } });
      }
    },
    finishResponse() {
      send({ type: 'agent_response', agent_response_event: { agent_response: 'Happy to help.', event_id: audioEventId } });
    },
    sendMalformed() {
      socket?.send('{"type":"audio","audio_event":');
    },
    interrupt(lateChunks) {
      const interruptedUpTo = audioEventId + lateChunks;
      send({ type: 'interruption', interruption_event: { event_id: interruptedUpTo } });
      for (let i = 0; i < lateChunks; i++) {
        send({ type: 'audio', audio_event: { audio_base_64: audioToBase64(pcm16Bytes(new Int16Array(rate / 10).fill(1000))), event_id: ++audioEventId } });
      }
    },
    ping(eventId) {
      send({ type: 'ping', ping_event: { event_id: eventId, ping_ms: 50 } });
    },
    openSockets: () => server.openSockets(),
    close: () => server.close(),
  };
}
