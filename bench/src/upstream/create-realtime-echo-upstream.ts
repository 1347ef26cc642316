/**
 * A fake OpenAI Realtime (GA) upstream for the realtime bench: `GET /v1/realtime?model=…` upgraded by
 * `ws`; `session.created` first, then every `input_audio_buffer.append` is answered at once with a
 * `response.output_audio.delta` carrying the same audio (an echo), and every `responseEveryChunks`
 * chunks a `response.done` with usage in OpenAI's shape, so the gateway bills as it would in use.
 */
import { createServer, type Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

export interface RealtimeEchoOptions {
  /** Chunks per response (default 50: a `response.done` every 5 s of 100 ms chunks). */
  responseEveryChunks?: number;
}

/** Audio tokens per second of 24 kHz PCM16, as OpenAI counts them (roughly 10 per 100 ms). */
const audioTokensPerChunk = 10;

export function createRealtimeEchoUpstream(options: RealtimeEchoOptions = {}): Server {
  const every = options.responseEveryChunks ?? 50;
  const server = createServer((_request, response) => {
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end('{"error":{"message":"only /v1/realtime here","type":"invalid_request_error"}}');
  });
  const sockets = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 16 * 1024 * 1024 });
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://upstream');
    if (url.pathname !== '/v1/realtime' || !url.searchParams.get('model')) {
      socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => echoSession(ws, url.searchParams.get('model')!, every));
  });
  return server;
}

function echoSession(ws: WebSocket, model: string, every: number): void {
  let sequence = 0;
  const nextId = (prefix: string): string => `${prefix}_${(++sequence).toString(36)}`;
  const send = (event: Record<string, unknown>): void => ws.send(JSON.stringify({ event_id: nextId('event'), ...event }));
  send({
    type: 'session.created',
    session: {
      type: 'realtime',
      object: 'realtime.session',
      id: nextId('sess'),
      model,
      output_modalities: ['audio'],
      audio: { input: { format: { type: 'audio/pcm', rate: 24000 } }, output: { format: { type: 'audio/pcm', rate: 24000 }, voice: 'alloy' } },
    },
  });
  let response = { id: nextId('resp'), itemId: nextId('item'), chunks: 0 };
  ws.on('message', (data: Buffer) => {
    let event: { type?: string; audio?: string };
    try {
      event = JSON.parse(data.toString('utf8')) as typeof event;
    } catch {
      return;
    }
    if (event.type !== 'input_audio_buffer.append' || typeof event.audio !== 'string') return;
    send({ type: 'response.output_audio.delta', response_id: response.id, item_id: response.itemId, output_index: 0, content_index: 0, delta: event.audio });
    response.chunks += 1;
    if (response.chunks < every) return;
    const audioTokens = response.chunks * audioTokensPerChunk;
    send({
      type: 'response.done',
      response: {
        object: 'realtime.response',
        id: response.id,
        status: 'completed',
        output: [],
        usage: {
          total_tokens: audioTokens * 2,
          input_tokens: audioTokens,
          output_tokens: audioTokens,
          input_token_details: { text_tokens: 0, audio_tokens: audioTokens, cached_tokens: 0 },
          output_token_details: { text_tokens: 0, audio_tokens: audioTokens },
        },
      },
    });
    response = { id: nextId('resp'), itemId: nextId('item'), chunks: 0 };
  });
}
